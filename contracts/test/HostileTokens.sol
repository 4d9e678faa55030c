// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Gate tokens written to hurt whoever reads them: anyone may gate a community on any
// contract, so CommunityAccess must answer "no access" for these without failing the
// caller's other reads (tests/contracts/hostile-tokens.test.ts).

/// @notice balanceOf spends every bit of gas it is given.
contract GasBurningToken {
    fallback() external {
        assembly {
            for {} 1 {} {}
        }
    }
}

/// @notice balanceOf answers `size` bytes, to make a careless caller copy them all.
contract ReturnBombToken {
    uint256 private immutable _size;

    constructor(uint256 size) {
        _size = size;
    }

    fallback() external {
        uint256 size = _size;
        assembly {
            return(0, size)
        }
    }
}

/// @notice balanceOf answers 31 bytes of 0xff: not an ABI-encoded uint256.
contract ShortAnswerToken {
    fallback() external {
        assembly {
            mstore(0, not(0))
            return(0, 31)
        }
    }
}

/// @notice An upgradeable-proxy shape (EIP-1967 slot, delegatecall): what many real tokens
/// look like, so the gate's gas budget is measured against it.
contract DelegatingProxy {
    // keccak256("eip1967.proxy.implementation") - 1
    bytes32 private constant IMPLEMENTATION_SLOT =
        0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;

    constructor(address implementation) {
        assembly {
            sstore(IMPLEMENTATION_SLOT, implementation)
        }
    }

    fallback() external {
        assembly {
            let implementation := sload(IMPLEMENTATION_SLOT)
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), implementation, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
