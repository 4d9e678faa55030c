// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Balance-only token mocks for token-gate tests and the local stack: the gate reads
// nothing but balanceOf, so transfers and approvals are left out on purpose.

/// @notice ERC-20 shape: balanceOf(address).
contract MockERC20 {
    mapping(address account => uint256 balance) public balanceOf;

    event Transfer(address indexed from, address indexed to, uint256 value);

    /// @notice Credits `amount` to `to`.
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }
}

/// @notice ERC-721 shape: balanceOf(address) counts tokens held.
contract MockERC721 {
    mapping(address account => uint256 balance) public balanceOf;
    uint256 private _nextId;

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    /// @notice Mints the next token id to `to`.
    function mint(address to) external returns (uint256 tokenId) {
        tokenId = _nextId++;
        balanceOf[to] += 1;
        emit Transfer(address(0), to, tokenId);
    }
}

/// @notice ERC-1155 shape: balanceOf(address, uint256).
contract MockERC1155 {
    mapping(address account => mapping(uint256 id => uint256 balance)) public balanceOf;

    event TransferSingle(
        address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value
    );

    /// @notice Credits `amount` of token `id` to `to`.
    function mint(address to, uint256 id, uint256 amount) external {
        balanceOf[to][id] += amount;
        emit TransferSingle(msg.sender, address(0), to, id, amount);
    }
}

/// @notice A token or registry that always reverts, to prove access checks fail closed.
contract RevertingContract {
    error Unavailable();

    fallback() external {
        revert Unavailable();
    }
}
