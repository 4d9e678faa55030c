// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ERC1271Wallet
 * @notice A minimal smart-contract wallet for tests: it accepts a signature of a hash when
 * its one owner key made it (ERC-1271). Used to check session certificates signed by
 * contract wallets. Not for production use.
 */
contract ERC1271Wallet {
    /// @dev ERC-1271 magic value: bytes4(keccak256("isValidSignature(bytes32,bytes)")).
    bytes4 private constant MAGIC_VALUE = 0x1626ba7e;

    /// @notice The key whose signatures the wallet accepts.
    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    /// @notice ERC-1271: the magic value when `owner` signed `hash`, else 0xffffffff.
    function isValidSignature(bytes32 hash, bytes calldata signature)
        external
        view
        returns (bytes4)
    {
        if (signature.length != 65) return 0xffffffff;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (v < 27) v += 27;
        address signer = ecrecover(hash, v, r, s);
        return signer != address(0) && signer == owner ? MAGIC_VALUE : bytes4(0xffffffff);
    }
}

/**
 * @title ERC1271WalletFactory
 * @notice Deploys ERC1271Wallet at a CREATE2 address, so tests can sign with a wallet that
 * does not exist yet (ERC-6492 counterfactual signatures).
 */
contract ERC1271WalletFactory {
    /// @notice Deploys a wallet for `owner` under `salt`; returns its address.
    function deploy(address owner, bytes32 salt) external returns (address) {
        return address(new ERC1271Wallet{salt: salt}(owner));
    }
}
