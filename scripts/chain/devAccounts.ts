import type { Address } from 'viem';

/**
 * The first five accounts of Hardhat's well-known test mnemonic ("test test ... junk").
 * Public knowledge, and funded only on local chains.
 */
export const hardhatDevAccounts = [
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
] as const satisfies readonly Address[];

/** ENS names given to the dev accounts, in the same order. */
export const devAccountNames = [
  'alice.eth',
  'bob.eth',
  'carol.eth',
  'dave.eth',
  'erin.eth',
] as const;
