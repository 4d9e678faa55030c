// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CommunityAccess} from "../CommunityAccess.sol";
import {TestKit} from "./TestKit.sol";

/// @notice Drives CommunityAccess with random adds, batch adds and removals over a small
/// pool of addresses, keeping a model of who should be on the allowlist.
contract CommunityAccessHandler {
    uint256 public constant POOL = 16;
    CommunityAccess public immutable access;
    uint256 public immutable communityId;
    mapping(address => bool) public expected;
    uint256 public expectedCount;

    constructor() {
        access = new CommunityAccess(address(0));
        communityId = access.createCommunity("Fuzz", "", false);
        expected[address(this)] = true;
        expectedCount = 1;
    }

    function add(uint256 seed) external {
        address a = pool(seed);
        if (expected[a]) return;
        access.addParticipantToCommunity(communityId, a);
        expected[a] = true;
        expectedCount++;
    }

    function addBatch(uint256 seed, uint8 size) external {
        address[] memory batch = new address[](size % 8);
        for (uint256 i; i < batch.length; ++i) {
            batch[i] = pool(uint256(keccak256(abi.encode(seed, i))));
        }
        access.addParticipantsToCommunity(communityId, batch);
        for (uint256 i; i < batch.length; ++i) {
            if (!expected[batch[i]]) {
                expected[batch[i]] = true;
                expectedCount++;
            }
        }
    }

    function remove(uint256 seed) external {
        address a = pool(seed);
        if (!expected[a]) return;
        access.removeParticipantFromCommunity(communityId, a);
        expected[a] = false;
        expectedCount--;
    }

    /// @notice Pool address `i % POOL`; index POOL is the owner (this handler), never removed.
    function pool(uint256 seed) public pure returns (address) {
        return address(uint160(0xA000 + (seed % POOL)));
    }
}

/// @notice Invariants of the allowlist under random operations: the list, the O(1) lookup,
/// the count, paging and hasAccess always agree with the model.
contract CommunityAccessInvariantTest is TestKit {
    CommunityAccessHandler private handler;

    function setUp() public {
        handler = new CommunityAccessHandler();
    }

    /// @dev Only the handler is called by the fuzzer, not the contract behind it.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function invariant_countMatchesModel() public view {
        CommunityAccess access = handler.access();
        (,,,,, uint256 count) = access.getCommunityInfo(handler.communityId());
        assertEq(count, handler.expectedCount(), "participantCount");
        assertEq(access.getCommunityParticipants(0).length, count, "list length");
    }

    function invariant_lookupMatchesModel() public view {
        CommunityAccess access = handler.access();
        for (uint256 i; i < handler.POOL(); ++i) {
            address a = handler.pool(i);
            bool want = handler.expected(a);
            assertTrue(access.isCommunityParticipant(0, a) == want, "isCommunityParticipant");
            assertTrue(access.hasAccess(0, a) == want, "hasAccess");
        }
        assertTrue(access.hasAccess(0, address(handler)), "owner keeps access");
    }

    function invariant_listHasNoDuplicatesAndOnlyMembers() public view {
        address[] memory all = handler.access().getCommunityParticipants(0);
        for (uint256 i; i < all.length; ++i) {
            assertTrue(
                all[i] == address(handler) || handler.expected(all[i]), "listed but not expected"
            );
            for (uint256 j = i + 1; j < all.length; ++j) assertTrue(all[i] != all[j], "duplicate");
        }
    }

    function invariant_pagesConcatenateToAll() public view {
        CommunityAccess access = handler.access();
        address[] memory all = access.getCommunityParticipants(0);
        uint256 seen;
        for (uint256 offset; offset <= all.length; offset += 3) {
            address[] memory page = access.getCommunityParticipantsPage(0, offset, 3);
            for (uint256 i; i < page.length; ++i) assertEq(page[i], all[seen++], "page entry");
        }
        assertEq(seen, all.length, "pages cover the list");
    }
}
