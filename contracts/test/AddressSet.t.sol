// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AddressSet} from "../lib/AddressSet.sol";
import {TestKit} from "./TestKit.sol";

/// @dev Exposes the library on storage so the tests drive it through calls.
contract AddressSetHarness {
    using AddressSet for AddressSet.Set;

    AddressSet.Set private _set;

    function add(address a) external returns (bool) {
        return _set.add(a);
    }

    function remove(address a) external returns (bool) {
        return _set.remove(a);
    }

    function contains(address a) external view returns (bool) {
        return _set.contains(a);
    }

    function length() external view returns (uint256) {
        return _set.length();
    }

    function all() external view returns (address[] memory) {
        return _set.all();
    }

    function page(uint256 offset, uint256 limit) external view returns (address[] memory) {
        return _set.page(offset, limit);
    }
}

/// @notice Fuzz tests of AddressSet against a plain model: random add/remove sequences over a
/// small pool (so duplicates and misses are common), and paging against the whole list.
contract AddressSetFuzzTest is TestKit {
    uint256 private constant POOL = 12;
    AddressSetHarness private set;
    bool[POOL] private model;
    uint256 private modelSize;

    function setUp() public {
        set = new AddressSetHarness();
    }

    function testFuzz_addRemoveMatchesModel(uint256 seed) public {
        for (uint256 step; step < 60; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 i = r % POOL;
            address a = _pool(i);
            if ((r >> 8) % 3 == 0) {
                assertTrue(set.remove(a) == model[i], "remove result");
                if (model[i]) modelSize--;
                model[i] = false;
            } else {
                assertTrue(set.add(a) == !model[i], "add result");
                if (!model[i]) modelSize++;
                model[i] = true;
            }
            _checkAgainstModel();
        }
    }

    function testFuzz_pageIsSliceOfAll(uint8 n, uint256 offset, uint256 limit) public {
        n = uint8(bound(n, 0, 40));
        for (uint256 i; i < n; ++i) set.add(address(uint160(0x1000 + i)));
        address[] memory all = set.all();
        address[] memory got = set.page(offset, limit);
        uint256 start = offset < all.length ? offset : all.length;
        uint256 expected = all.length - start < limit ? all.length - start : limit;
        assertEq(got.length, expected, "page length");
        for (uint256 i; i < got.length; ++i) assertEq(got[i], all[start + i], "page entry");
    }

    function testFuzz_removeKeepsOthers(uint8 n, uint8 victim) public {
        n = uint8(bound(n, 1, 30));
        victim = uint8(victim % n);
        for (uint256 i; i < n; ++i) set.add(address(uint160(0x2000 + i)));
        assertTrue(set.remove(address(uint160(0x2000 + uint256(victim)))), "victim removed");
        assertEq(set.length(), n - 1, "length after remove");
        for (uint256 i; i < n; ++i) {
            assertTrue(set.contains(address(uint160(0x2000 + i))) == (i != victim), "membership");
        }
    }

    function _checkAgainstModel() private view {
        assertEq(set.length(), modelSize, "length");
        address[] memory all = set.all();
        for (uint256 i; i < POOL; ++i) {
            assertTrue(set.contains(_pool(i)) == model[i], "contains");
        }
        for (uint256 j; j < all.length; ++j) {
            // Every listed entry is a pool member the model holds, listed once.
            uint256 idx = uint160(all[j]) - 0x100;
            assertTrue(idx < POOL && model[idx], "listed entry in model");
            for (uint256 k = j + 1; k < all.length; ++k) assertTrue(all[j] != all[k], "dup");
        }
    }

    function _pool(uint256 i) private pure returns (address) {
        return address(uint160(0x100 + i));
    }

    function bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return lo + (x % (hi - lo + 1));
    }
}
