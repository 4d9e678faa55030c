import { describe, expect, it } from 'vitest';
import { describeAdminAction } from './adminAction.ts';

const carol = '0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc';

describe('describeAdminAction', () => {
  it('names what each transaction does, with short checksummed addresses', () => {
    expect(describeAdminAction({ kind: 'addCommunityAdmin', communityId: 0n, admin: carol })).toBe(
      'Appoint 0x3C44…93BC as admin',
    );
    expect(
      describeAdminAction({
        kind: 'addParticipantsToCommunity',
        communityId: 0n,
        participants: [carol],
      }),
    ).toBe('Add 1 member');
    expect(
      describeAdminAction({ kind: 'setCommunityTokenGate', communityId: 0n, gate: null }),
    ).toBe('Clear the token gate');
    expect(
      describeAdminAction({
        kind: 'createCommunity',
        name: 'Builders',
        description: '',
        requireLivepeerRegistration: false,
      }),
    ).toBe('Create community “Builders”');
  });

  it('names the three steps of an ownership transfer', () => {
    expect(
      describeAdminAction(
        { kind: 'transferCommunityOwnership', communityId: 2n, newOwner: carol },
        () => 'carol.eth',
      ),
    ).toBe('Offer community 2 to carol.eth');
    expect(describeAdminAction({ kind: 'cancelCommunityOwnershipTransfer', communityId: 2n })).toBe(
      'Withdraw the offer of community 2',
    );
    expect(describeAdminAction({ kind: 'acceptCommunityOwnership', communityId: 2n })).toBe(
      'Accept ownership of community 2',
    );
  });

  it('names addresses with the label given', () => {
    expect(
      describeAdminAction(
        { kind: 'removeParticipantFromCommunity', communityId: 0n, participant: carol },
        () => 'carol.eth',
      ),
    ).toBe('Remove carol.eth');
  });
});
