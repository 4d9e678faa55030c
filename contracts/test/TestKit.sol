// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Minimal asserts for Solidity tests (forge-std is not on npm in a current
/// version): a failing check reverts with its reason, which fails the test.
abstract contract TestKit {
    function assertEq(uint256 a, uint256 b, string memory why) internal pure {
        require(a == b, why);
    }

    function assertEq(address a, address b, string memory why) internal pure {
        require(a == b, why);
    }

    function assertTrue(bool ok, string memory why) internal pure {
        require(ok, why);
    }
}
