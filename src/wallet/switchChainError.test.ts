import { ChainNotConfiguredError } from '@wagmi/core';
import { SwitchChainError, UserRejectedRequestError } from 'viem';
import { describe, expect, it } from 'vitest';
import { describeError } from '../core/messages.ts';
import { chainName } from './chainName.ts';
import { switchChainError } from './switchChainError.ts';

/** An EIP-1193 error as a wallet throws it. */
const walletError = (code: number, message: string) => Object.assign(new Error(message), { code });

describe('switchChainError', () => {
  it('says the person declined, without blaming the app', () => {
    const error = switchChainError(new UserRejectedRequestError(walletError(4001, 'User denied')));
    expect(error.code).toBe('CHAIN_SWITCH_REJECTED');
    expect(describeError(error)).toMatch(/^You declined the network switch/);
    expect(error.category).toBe('user');
  });

  it('says the wallet cannot switch: unknown chain (4902), unsupported method, chain not configured', () => {
    for (const cause of [
      new SwitchChainError(walletError(4902, 'Unrecognized chain ID')),
      // wagmi turns a failed "add network" into a rejection; the wallet's 4200 says otherwise.
      new UserRejectedRequestError(walletError(4200, 'wallet_addEthereumChain not supported')),
      new SwitchChainError(new ChainNotConfiguredError()),
    ]) {
      expect(switchChainError(cause).code).toBe('CHAIN_SWITCH_UNSUPPORTED');
    }
  });

  it('puts any other failure on the wallet, in words, keeping its text as the cause only', () => {
    const raw = new SwitchChainError(
      walletError(-32603, 'Internal JSON-RPC error. t.map is not a function'),
    );
    const error = switchChainError(raw);
    expect(error.code).toBe('CHAIN_SWITCH_FAILED');
    expect(describeError(error)).not.toMatch(/inside the app|JSON-RPC/);
    expect(error.cause).toBe(raw);
  });
});

describe('chainName', () => {
  it('names a network as viem does, and an unknown one by its ID', () => {
    expect(chainName(1)).toBe('Ethereum');
    expect(chainName(42161)).toBe('Arbitrum One');
    expect(chainName(424242)).toBe('network 424242');
  });
});
