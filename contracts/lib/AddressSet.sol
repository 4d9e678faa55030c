// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title AddressSet
 * @notice An enumerable set of addresses with O(1) add, remove and lookup.
 * @dev Two storage slots per member, the fewest that keep both an O(1) lookup and an
 * on-chain list: the list entry, and the member's 1-based position in it (0 = absent).
 * Removal swaps the last entry into the hole, so the order of the list is not stable.
 */
library AddressSet {
    struct Set {
        address[] values;
        mapping(address account => uint256 position) positions;
    }

    /// @notice Adds `account`; returns false (and changes nothing) when it is already present.
    function add(Set storage set, address account) internal returns (bool) {
        if (set.positions[account] != 0) return false;
        set.values.push(account);
        set.positions[account] = set.values.length;
        return true;
    }

    /// @notice Removes `account`; returns false (and changes nothing) when it is absent.
    function remove(Set storage set, address account) internal returns (bool) {
        uint256 position = set.positions[account];
        if (position == 0) return false;
        uint256 lastIndex = set.values.length - 1;
        if (position - 1 != lastIndex) {
            address last = set.values[lastIndex];
            set.values[position - 1] = last;
            set.positions[last] = position;
        }
        set.values.pop();
        delete set.positions[account];
        return true;
    }

    /// @notice Whether `account` is in the set.
    function contains(Set storage set, address account) internal view returns (bool) {
        return set.positions[account] != 0;
    }

    /// @notice Number of members.
    function length(Set storage set) internal view returns (uint256) {
        return set.values.length;
    }

    /// @notice Every member, in list order (a view: costs no gas off chain).
    function all(Set storage set) internal view returns (address[] memory) {
        return set.values;
    }

    /**
     * @notice Up to `limit` members starting at list index `offset`.
     * @dev Clamped to the end of the list; an offset past the end gives an empty array.
     */
    function page(Set storage set, uint256 offset, uint256 limit)
        internal
        view
        returns (address[] memory result)
    {
        uint256 total = set.values.length;
        if (offset >= total) return new address[](0);
        uint256 end = total - offset < limit ? total : offset + limit;
        result = new address[](end - offset);
        for (uint256 i = offset; i < end; ++i) {
            result[i - offset] = set.values[i];
        }
    }
}
