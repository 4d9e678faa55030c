// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title LocalUniversalResolver
 * @notice ENS names for a local chain with no ENS: answers the two Universal Resolver calls
 * viem makes (`reverseWithGateways` for getEnsName, `resolveWithGateways` for getEnsAddress,
 * getEnsText and getEnsAvatar) from records its deployer sets. For development and tests only.
 * @dev Errors carry the Universal Resolver's signatures, which viem maps to a null answer.
 * Names must be given normalized (ENSIP-15), as viem's `normalize` returns them.
 */
contract LocalUniversalResolver {
    bytes4 private constant ADDR = 0x3b3b57de; // addr(bytes32)
    bytes4 private constant ADDR_COIN = 0xf1cb7e06; // addr(bytes32,uint256)
    bytes4 private constant TEXT = 0x59d1d43c; // text(bytes32,string)
    uint256 private constant COIN_TYPE_ETH = 60;

    address public immutable deployer;

    mapping(address account => string name) private _names;
    mapping(bytes32 node => address account) private _addresses;
    mapping(bytes32 node => mapping(string key => string value)) private _texts;
    mapping(bytes32 node => bool) private _known;

    event RecordSet(address indexed account, bytes32 indexed node, string name);
    event TextChanged(bytes32 indexed node, string key, string value);

    error Unauthorized(address account);
    error ResolverNotFound(bytes name);
    error UnsupportedResolverProfile(bytes4 selector);
    error ReverseAddressMismatch(string primary, bytes primaryAddress);

    constructor() {
        deployer = msg.sender;
    }

    /// @notice Sets `name` as the primary name of `account`, its address, and its avatar.
    function setRecord(address account, string calldata name, string calldata avatar) external {
        _checkDeployer();
        bytes32 node = namehash(name);
        _names[account] = name;
        _addresses[node] = account;
        _known[node] = true;
        emit RecordSet(account, node, name);
        _setText(node, "avatar", avatar);
    }

    /// @notice Sets any text record of `name` (e.g. "description", "url").
    function setText(string calldata name, string calldata key, string calldata value) external {
        _checkDeployer();
        bytes32 node = namehash(name);
        _known[node] = true;
        _setText(node, key, value);
    }

    /**
     * @notice Primary name of the address in `reverseName` (its 20 bytes, as viem sends them).
     * @return resolvedName Empty when the address has none.
     * @return resolver This contract, or address(0) with no name.
     * @return reverseResolver This contract, or address(0) with no name.
     */
    function reverseWithGateways(bytes calldata reverseName, uint256 coinType, string[] calldata)
        external
        view
        returns (string memory resolvedName, address resolver, address reverseResolver)
    {
        if (reverseName.length != 20 || coinType != COIN_TYPE_ETH) {
            return ("", address(0), address(0));
        }
        address account = address(bytes20(reverseName));
        resolvedName = _names[account];
        if (bytes(resolvedName).length == 0) return ("", address(0), address(0));
        // Like the real resolver: a primary name counts only if it resolves back.
        address forward = _addresses[namehash(resolvedName)];
        if (forward != account) {
            revert ReverseAddressMismatch(resolvedName, abi.encodePacked(forward));
        }
        return (resolvedName, address(this), address(this));
    }

    /**
     * @notice Answers a resolver call (`addr` or `text`) for the DNS-encoded `name`.
     * @return result The ABI-encoded answer of the resolver call.
     * @return resolver This contract.
     */
    function resolveWithGateways(bytes calldata name, bytes calldata data, string[] calldata)
        external
        view
        returns (bytes memory result, address resolver)
    {
        bytes32 node = dnsNamehash(name);
        if (!_known[node]) revert ResolverNotFound(name);
        bytes4 selector = bytes4(data);
        if (selector == ADDR) {
            return (abi.encode(_addresses[node]), address(this));
        }
        if (selector == ADDR_COIN) {
            (, uint256 coinType) = abi.decode(data[4:], (bytes32, uint256));
            bytes memory addr = coinType == COIN_TYPE_ETH && _addresses[node] != address(0)
                ? abi.encodePacked(_addresses[node])
                : bytes("");
            return (abi.encode(addr), address(this));
        }
        if (selector == TEXT) {
            (, string memory key) = abi.decode(data[4:], (bytes32, string));
            return (abi.encode(_texts[node][key]), address(this));
        }
        revert UnsupportedResolverProfile(selector);
    }

    /// @notice ENS namehash of a dotted name ("alice.eth").
    function namehash(string memory name) public pure returns (bytes32 node) {
        bytes memory b = bytes(name);
        uint256 end = b.length;
        // Labels are hashed from the last one to the first.
        for (uint256 i = b.length; i > 0; --i) {
            if (b[i - 1] == ".") {
                node = keccak256(abi.encodePacked(node, _keccakSlice(b, i, end)));
                end = i - 1;
            }
        }
        if (end > 0) node = keccak256(abi.encodePacked(node, _keccakSlice(b, 0, end)));
    }

    /// @notice ENS namehash of a DNS wire-format name (length-prefixed labels, 0-terminated).
    function dnsNamehash(bytes calldata name) public pure returns (bytes32 node) {
        return _dnsNamehash(name, 0);
    }

    function _dnsNamehash(bytes calldata name, uint256 offset) private pure returns (bytes32) {
        if (offset >= name.length) revert ResolverNotFound(name);
        uint256 labelLength = uint8(name[offset]);
        if (labelLength == 0) return bytes32(0);
        uint256 next = offset + 1 + labelLength;
        if (next > name.length) revert ResolverNotFound(name);
        bytes32 parent = _dnsNamehash(name, next);
        return keccak256(abi.encodePacked(parent, keccak256(name[offset + 1:next])));
    }

    function _keccakSlice(bytes memory b, uint256 start, uint256 end)
        private
        pure
        returns (bytes32 hash)
    {
        assembly ("memory-safe") {
            hash := keccak256(add(add(b, 32), start), sub(end, start))
        }
    }

    function _setText(bytes32 node, string memory key, string calldata value) private {
        _texts[node][key] = value;
        emit TextChanged(node, key, value);
    }

    function _checkDeployer() private view {
        if (msg.sender != deployer) revert Unauthorized(msg.sender);
    }
}
