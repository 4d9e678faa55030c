import { zeroAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { newOwnerProblem } from './ownershipTransfer.ts';

const alice = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const bob = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('newOwnerProblem', () => {
  it('refuses the zero address and the current owner, whatever the letter case', () => {
    expect(newOwnerProblem(zeroAddress, alice)).toBe('The zero address cannot own a community.');
    expect(newOwnerProblem(alice.toLowerCase() as typeof alice, alice)).toBe(
      'That account already owns this community.',
    );
  });

  it('lets any other account be offered the community', () => {
    expect(newOwnerProblem(bob, alice)).toBeNull();
  });
});
