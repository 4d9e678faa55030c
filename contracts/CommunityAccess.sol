// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AddressSet} from "./lib/AddressSet.sol";
import {ILivepeerServiceRegistry} from "./interfaces/ILivepeerServiceRegistry.sol";

/**
 * @title CommunityAccess
 * @notice Who may enter a community's rooms: per-community allowlists managed by the
 * community's owner and admins, a global allowlist managed by the contract owner, and two
 * alternative rules per community (Livepeer Service Registry registration, a token balance).
 * @dev Keeps the public interface of the prototype so tools built for it keep working.
 * Every state-changing function is O(1) or O(caller's batch); full-list reads are views,
 * with paged variants for lists too long for one call.
 */
contract CommunityAccess {
    using AddressSet for AddressSet.Set;

    /// @notice The token standard a community's token gate reads.
    enum TokenKind {
        None,
        ERC20,
        ERC721,
        ERC1155
    }

    struct Community {
        // One slot: read together by every access check and every write.
        address owner;
        uint64 createdAt;
        bool active;
        bool requiresLivepeer;
        TokenKind gateKind;
        address pendingOwner;
        address gateToken;
        uint256 gateTokenId;
        uint256 gateMinBalance;
        string name;
        string description;
        AddressSet.Set participants;
        AddressSet.Set admins;
    }

    /**
     * @notice Servers a community names for its rooms, which clients use beside (relays) or
     * over (gate, ICE, media) the site's own, so a community is not bound to whoever deployed
     * the site. Every entry is public for good: no credentials belong here.
     */
    struct CommunityServers {
        /// Gun relays, `wss://` or `https://`.
        string[] relays;
        /// The gate that hands members TURN (and media) credentials, `https://`; empty for none.
        string gate;
        /// STUN and TURN servers, `stun:`, `turn:` or `turns:` (TURN takes the gate's credentials).
        string[] iceServers;
        /// Media servers (Janus over WebSocket), `wss://`.
        string[] mediaServers;
    }

    /// @notice Which list of a CommunityServers an error is about.
    enum ServerList {
        Relays,
        Gate,
        IceServers,
        MediaServers
    }

    /// @notice Longest community name, in bytes (keeps every UI's list readable).
    uint256 public constant MAX_NAME_LENGTH = 64;
    /// @notice Longest community description, in bytes.
    uint256 public constant MAX_DESCRIPTION_LENGTH = 1024;

    /// @notice Most entries in each list of a community's servers.
    uint256 public constant MAX_SERVERS = 8;
    /// @notice Longest server URL, in bytes.
    uint256 public constant MAX_SERVER_URL_LENGTH = 200;

    /**
     * @notice Gas a token gate's balanceOf may use; a token needing more answers "no access".
     * @dev An ERC-20/721/1155 balanceOf shaped like OpenZeppelin's (one storage read) uses
     * about 2,500 gas, about 7,300 behind an EIP-1967 proxy; 50,000 leaves room for tokens
     * that read a few more slots or call out once (rebasing tokens, beacon proxies).
     */
    uint256 public constant TOKEN_GATE_GAS = 50_000;

    /// @notice Livepeer's Service Registry; address(0) turns the Livepeer rule off.
    address public immutable livepeerRegistry;

    address private _owner;
    address private _pendingOwner;
    uint256 private _communityCount;
    mapping(uint256 communityId => Community) private _communities;
    AddressSet.Set private _globalParticipants;
    mapping(uint256 communityId => CommunityServers) private _servers;

    // ---------------------------------------------------------------- events

    event CommunityCreated(uint256 indexed communityId, address indexed owner, string name);
    event CommunityUpdated(uint256 indexed communityId, string name);
    event CommunityDeactivated(uint256 indexed communityId, address indexed by);
    event ParticipantAdded(uint256 indexed communityId, address indexed participant);
    event ParticipantRemoved(uint256 indexed communityId, address indexed participant);
    event CommunityAdminAdded(uint256 indexed communityId, address indexed admin);
    event CommunityAdminRemoved(uint256 indexed communityId, address indexed admin);
    event CommunityOwnershipTransferStarted(
        uint256 indexed communityId, address indexed previousOwner, address indexed newOwner
    );
    event CommunityOwnershipTransferred(
        uint256 indexed communityId, address indexed previousOwner, address indexed newOwner
    );
    event CommunityTokenGateSet(
        uint256 indexed communityId,
        TokenKind kind,
        address indexed token,
        uint256 tokenId,
        uint256 minBalance
    );
    /// @notice The community owner replaced the community's servers with `servers`.
    event CommunityServersSet(uint256 indexed communityId, CommunityServers servers);
    event GlobalParticipantAdded(address indexed participant);
    event GlobalParticipantRemoved(address indexed participant);
    event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    // ---------------------------------------------------------------- errors

    /// @notice `account` is not the contract owner (or, on accept, the pending owner).
    error OwnableUnauthorizedAccount(address account);
    error CommunityNotFound(uint256 communityId);
    error CommunityInactive(uint256 communityId);
    /// @notice `account` lacks the role the call needs in `communityId`.
    error CommunityUnauthorizedAccount(uint256 communityId, address account);
    error InvalidCommunityName(uint256 length);
    error DescriptionTooLong(uint256 length);
    /// @notice The zero address cannot be a participant, admin or owner.
    error InvalidAccount(address account);
    error ParticipantAlreadyAdded(uint256 communityId, address participant);
    error ParticipantNotFound(uint256 communityId, address participant);
    /// @notice A community's owner stays on its allowlist while it owns it.
    error CommunityOwnerNotRemovable(uint256 communityId, address owner);
    error CommunityAdminAlreadyAdded(uint256 communityId, address admin);
    error CommunityAdminNotFound(uint256 communityId, address admin);
    error InvalidTokenGate(TokenKind kind, address token, uint256 tokenId, uint256 minBalance);
    /// @notice `list` holds `count` entries, more than MAX_SERVERS.
    error TooManyServers(ServerList list, uint256 count);
    /// @notice Entry `index` of `list` is empty, too long, or has a scheme the list does not take.
    error InvalidServerUrl(ServerList list, uint256 index);
    error GlobalParticipantAlreadyAdded(address participant);
    error GlobalParticipantNotFound(address participant);

    /**
     * @param livepeerRegistry_ Livepeer's Service Registry (Arbitrum One:
     * 0xC92d3A360b8f9e083bA64DE15d95Cf8180897431), or address(0) for none.
     */
    constructor(address livepeerRegistry_) {
        livepeerRegistry = livepeerRegistry_;
        _transferOwnership(msg.sender);
    }

    // ------------------------------------------------------ contract ownership

    /// @notice The contract owner, who manages the global allowlist.
    function owner() external view returns (address) {
        return _owner;
    }

    /// @notice The account that may accept contract ownership, or address(0).
    function pendingOwner() external view returns (address) {
        return _pendingOwner;
    }

    /// @notice Starts a transfer of contract ownership; address(0) cancels a pending one.
    function transferOwnership(address newOwner) external {
        _checkOwner();
        _pendingOwner = newOwner;
        emit OwnershipTransferStarted(_owner, newOwner);
    }

    /// @notice Completes a transfer of contract ownership; only the pending owner may.
    function acceptOwnership() external {
        if (msg.sender != _pendingOwner) revert OwnableUnauthorizedAccount(msg.sender);
        _transferOwnership(msg.sender);
    }

    // ------------------------------------------------------------ communities

    /**
     * @notice Creates a community owned by the caller, with the caller on its allowlist.
     * @return communityId Ids count up from 0.
     */
    function createCommunity(
        string calldata name,
        string calldata description,
        bool requireLivepeerRegistration
    ) external returns (uint256 communityId) {
        _checkText(name, description);
        communityId = _communityCount++;
        Community storage c = _communities[communityId];
        c.owner = msg.sender;
        c.createdAt = uint64(block.timestamp);
        c.active = true;
        c.requiresLivepeer = requireLivepeerRegistration;
        c.name = name;
        c.description = description;
        c.participants.add(msg.sender);
        emit CommunityCreated(communityId, msg.sender, name);
        emit ParticipantAdded(communityId, msg.sender);
    }

    /// @notice Renames a community and replaces its description (community owner only).
    function updateCommunity(uint256 communityId, string calldata name, string calldata description)
        external
    {
        Community storage c = _activeCommunity(communityId);
        _checkCommunityOwner(c, communityId);
        _checkText(name, description);
        c.name = name;
        c.description = description;
        emit CommunityUpdated(communityId, name);
    }

    /// @notice Deactivates a community for good; it grants no access after this.
    /// @dev The community owner or the contract owner may.
    function deactivateCommunity(uint256 communityId) external {
        Community storage c = _activeCommunity(communityId);
        if (msg.sender != c.owner && msg.sender != _owner) {
            revert CommunityUnauthorizedAccount(communityId, msg.sender);
        }
        c.active = false;
        emit CommunityDeactivated(communityId, msg.sender);
    }

    /// @notice Starts a transfer of a community; address(0) cancels a pending one.
    function transferCommunityOwnership(uint256 communityId, address newOwner) external {
        Community storage c = _activeCommunity(communityId);
        _checkCommunityOwner(c, communityId);
        c.pendingOwner = newOwner;
        emit CommunityOwnershipTransferStarted(communityId, c.owner, newOwner);
    }

    /// @notice Completes a transfer of a community and puts the new owner on its allowlist.
    function acceptCommunityOwnership(uint256 communityId) external {
        Community storage c = _activeCommunity(communityId);
        if (msg.sender != c.pendingOwner) {
            revert CommunityUnauthorizedAccount(communityId, msg.sender);
        }
        address previous = c.owner;
        c.owner = msg.sender;
        delete c.pendingOwner;
        emit CommunityOwnershipTransferred(communityId, previous, msg.sender);
        if (c.participants.add(msg.sender)) emit ParticipantAdded(communityId, msg.sender);
    }

    /// @notice The account that may accept ownership of a community, or address(0).
    function pendingCommunityOwner(uint256 communityId) external view returns (address) {
        return _existingCommunity(communityId).pendingOwner;
    }

    // ------------------------------------------------------------------ admins

    /// @notice Appoints an admin, who may manage the allowlist (community owner only).
    function addCommunityAdmin(uint256 communityId, address admin) external {
        Community storage c = _activeCommunity(communityId);
        _checkCommunityOwner(c, communityId);
        if (admin == address(0)) revert InvalidAccount(admin);
        if (!c.admins.add(admin)) revert CommunityAdminAlreadyAdded(communityId, admin);
        emit CommunityAdminAdded(communityId, admin);
    }

    /// @notice Removes an admin (community owner only).
    function removeCommunityAdmin(uint256 communityId, address admin) external {
        Community storage c = _activeCommunity(communityId);
        _checkCommunityOwner(c, communityId);
        if (!c.admins.remove(admin)) revert CommunityAdminNotFound(communityId, admin);
        emit CommunityAdminRemoved(communityId, admin);
    }

    /// @notice Whether `account` is an admin of the community (the owner is not listed).
    function isCommunityAdmin(uint256 communityId, address account) external view returns (bool) {
        return _existingCommunity(communityId).admins.contains(account);
    }

    /// @notice Every admin of the community.
    function getCommunityAdmins(uint256 communityId) external view returns (address[] memory) {
        return _existingCommunity(communityId).admins.all();
    }

    // -------------------------------------------------------------- allowlist

    /// @notice Adds one participant (community owner or admin); reverts if already present.
    function addParticipantToCommunity(uint256 communityId, address participant) external {
        Community storage c = _activeCommunity(communityId);
        _checkManager(c, communityId);
        if (participant == address(0)) revert InvalidAccount(participant);
        if (!c.participants.add(participant)) {
            revert ParticipantAlreadyAdded(communityId, participant);
        }
        emit ParticipantAdded(communityId, participant);
    }

    /**
     * @notice Adds many participants (community owner or admin), skipping any already present.
     * @dev The only loop in a state-changing function, and it runs over the caller's batch.
     */
    function addParticipantsToCommunity(uint256 communityId, address[] calldata participants)
        external
    {
        Community storage c = _activeCommunity(communityId);
        _checkManager(c, communityId);
        uint256 n = participants.length;
        for (uint256 i; i < n;) {
            address participant = participants[i];
            if (participant == address(0)) revert InvalidAccount(participant);
            if (c.participants.add(participant)) emit ParticipantAdded(communityId, participant);
            unchecked {
                ++i;
            }
        }
    }

    /// @notice Removes one participant in O(1) (community owner or admin).
    function removeParticipantFromCommunity(uint256 communityId, address participant) external {
        Community storage c = _activeCommunity(communityId);
        _checkManager(c, communityId);
        if (participant == c.owner) revert CommunityOwnerNotRemovable(communityId, participant);
        if (!c.participants.remove(participant)) {
            revert ParticipantNotFound(communityId, participant);
        }
        emit ParticipantRemoved(communityId, participant);
    }

    // ------------------------------------------------------------- token gate

    /**
     * @notice Sets the community's token gate: holders of at least `minBalance` of `token`
     * (of `tokenId`, for ERC-1155) have access. Kind None clears it (other arguments zero).
     * @dev Community owner only: it is a policy, not allowlist upkeep.
     */
    function setCommunityTokenGate(
        uint256 communityId,
        TokenKind kind,
        address token,
        uint256 tokenId,
        uint256 minBalance
    ) external {
        Community storage c = _activeCommunity(communityId);
        _checkCommunityOwner(c, communityId);
        bool cleared = kind == TokenKind.None && token == address(0) && tokenId == 0 && minBalance == 0;
        bool valid = kind != TokenKind.None && token.code.length != 0 && minBalance != 0
            && (kind == TokenKind.ERC1155 || tokenId == 0);
        if (!cleared && !valid) revert InvalidTokenGate(kind, token, tokenId, minBalance);
        c.gateKind = kind;
        c.gateToken = token;
        c.gateTokenId = tokenId;
        c.gateMinBalance = minBalance;
        emit CommunityTokenGateSet(communityId, kind, token, tokenId, minBalance);
    }

    /// @notice The community's token gate (kind None when it has none).
    function getCommunityTokenGate(uint256 communityId)
        external
        view
        returns (TokenKind kind, address token, uint256 tokenId, uint256 minBalance)
    {
        Community storage c = _existingCommunity(communityId);
        return (c.gateKind, c.gateToken, c.gateTokenId, c.gateMinBalance);
    }

    // ---------------------------------------------------------------- servers

    /**
     * @notice Replaces the servers the community names for its rooms (community owner only):
     * at most MAX_SERVERS per list, each URL at most MAX_SERVER_URL_LENGTH bytes with its
     * list's scheme. All lists empty clears them.
     * @dev Only the scheme is checked here; clients check each URL in full before using it.
     */
    function setCommunityServers(uint256 communityId, CommunityServers calldata servers) external {
        Community storage c = _activeCommunity(communityId);
        _checkCommunityOwner(c, communityId);
        CommunityServers storage stored = _servers[communityId];
        _storeUrls(stored.relays, servers.relays, ServerList.Relays);
        if (bytes(servers.gate).length != 0 && !_schemeIs(servers.gate, ServerList.Gate)) {
            revert InvalidServerUrl(ServerList.Gate, 0);
        }
        stored.gate = servers.gate;
        _storeUrls(stored.iceServers, servers.iceServers, ServerList.IceServers);
        _storeUrls(stored.mediaServers, servers.mediaServers, ServerList.MediaServers);
        emit CommunityServersSet(communityId, servers);
    }

    /// @notice The servers the community names (every list empty when it names none).
    function getCommunityServers(uint256 communityId)
        external
        view
        returns (CommunityServers memory)
    {
        _existingCommunity(communityId);
        return _servers[communityId];
    }

    // -------------------------------------------------------- global allowlist

    /// @notice Gives `participant` access to every active community (contract owner only).
    function addToGlobalAllowlist(address participant) external {
        _checkOwner();
        if (participant == address(0)) revert InvalidAccount(participant);
        if (!_globalParticipants.add(participant)) revert GlobalParticipantAlreadyAdded(participant);
        emit GlobalParticipantAdded(participant);
    }

    /// @notice Takes `participant` off the global allowlist in O(1) (contract owner only).
    function removeFromGlobalAllowlist(address participant) external {
        _checkOwner();
        if (!_globalParticipants.remove(participant)) revert GlobalParticipantNotFound(participant);
        emit GlobalParticipantRemoved(participant);
    }

    /// @notice Whether `participant` is on the global allowlist.
    function globalAllowlist(address participant) external view returns (bool) {
        return _globalParticipants.contains(participant);
    }

    /// @notice Every address on the global allowlist.
    function getGlobalParticipants() external view returns (address[] memory) {
        return _globalParticipants.all();
    }

    /// @notice Up to `limit` global participants from list index `offset`.
    function getGlobalParticipantsPage(uint256 offset, uint256 limit)
        external
        view
        returns (address[] memory)
    {
        return _globalParticipants.page(offset, limit);
    }

    /// @notice Number of addresses on the global allowlist.
    function globalParticipantCount() external view returns (uint256) {
        return _globalParticipants.length();
    }

    // ------------------------------------------------------------------ reads

    /**
     * @notice Whether `account` may enter the community's rooms: the community is active and
     * the account is on its allowlist, or on the global allowlist, or registered in Livepeer
     * (where the community asks for it), or holds its gate token. False for unknown ids.
     */
    function hasAccess(uint256 communityId, address account) external view returns (bool) {
        if (communityId >= _communityCount) return false;
        Community storage c = _communities[communityId];
        if (!c.active) return false;
        if (c.participants.contains(account)) return true;
        if (_globalParticipants.contains(account)) return true;
        if (c.requiresLivepeer && isRegisteredInLivepeer(account)) return true;
        if (c.gateKind != TokenKind.None) return _tokenBalance(c, account) >= c.gateMinBalance;
        return false;
    }

    /// @notice Whether `account` is on the community's own allowlist.
    function isCommunityParticipant(uint256 communityId, address account)
        external
        view
        returns (bool)
    {
        return _existingCommunity(communityId).participants.contains(account);
    }

    /**
     * @notice Whether `account` has a non-empty service URI in Livepeer's Service Registry.
     * @dev A failing or malformed registry answers false instead of reverting, so access
     * checks fail closed without breaking callers.
     */
    function isRegisteredInLivepeer(address account) public view returns (bool) {
        if (livepeerRegistry == address(0)) return false;
        (bool ok, bytes memory ret) = livepeerRegistry.staticcall(
            abi.encodeCall(ILivepeerServiceRegistry.getServiceURI, (account))
        );
        // ABI-encoded string: offset word, length word, then bytes.
        if (!ok || ret.length < 64) return false;
        uint256 uriLength;
        assembly ("memory-safe") {
            uriLength := mload(add(ret, 64))
        }
        return uriLength != 0;
    }

    /// @notice Whether the community admits Livepeer-registered accounts.
    function communityRequiresLivepeer(uint256 communityId) external view returns (bool) {
        return _existingCommunity(communityId).requiresLivepeer;
    }

    /// @notice Number of communities ever created (ids are 0 .. count - 1).
    function communityCount() external view returns (uint256) {
        return _communityCount;
    }

    /// @notice A community's details and allowlist size.
    function getCommunityInfo(uint256 communityId)
        external
        view
        returns (
            string memory name,
            string memory description,
            address owner_,
            uint256 createdAt,
            bool isActive,
            uint256 participantCount
        )
    {
        Community storage c = _existingCommunity(communityId);
        return (c.name, c.description, c.owner, c.createdAt, c.active, c.participants.length());
    }

    /// @notice The community's whole allowlist (order changes when members are removed).
    function getCommunityParticipants(uint256 communityId) external view returns (address[] memory) {
        return _existingCommunity(communityId).participants.all();
    }

    /// @notice Up to `limit` participants of the community from list index `offset`.
    function getCommunityParticipantsPage(uint256 communityId, uint256 offset, uint256 limit)
        external
        view
        returns (address[] memory)
    {
        return _existingCommunity(communityId).participants.page(offset, limit);
    }

    /**
     * @notice Ids of every community whose allowlist holds `account` (active or not).
     * @dev Computed by a view over all communities instead of stored, which saves two
     * storage slots per membership; use the paged variant once communities are many.
     */
    function getUserCommunities(address account) external view returns (uint256[] memory) {
        return _userCommunities(account, 0, _communityCount);
    }

    /// @notice Like getUserCommunities, but scans only ids `startId` .. `startId + count - 1`.
    function getUserCommunitiesPage(address account, uint256 startId, uint256 count)
        external
        view
        returns (uint256[] memory)
    {
        uint256 total = _communityCount;
        if (startId >= total) return new uint256[](0);
        uint256 end = total - startId < count ? total : startId + count;
        return _userCommunities(account, startId, end);
    }

    // --------------------------------------------------------------- internal

    function _userCommunities(address account, uint256 start, uint256 end)
        private
        view
        returns (uint256[] memory ids)
    {
        ids = new uint256[](end - start);
        uint256 found;
        for (uint256 id = start; id < end; ++id) {
            if (_communities[id].participants.contains(account)) ids[found++] = id;
        }
        // Shrink the array in place to the ids found.
        assembly ("memory-safe") {
            mstore(ids, found)
        }
    }

    function _tokenBalance(Community storage c, address account)
        private
        view
        returns (uint256 amount)
    {
        bytes memory data = c.gateKind == TokenKind.ERC1155
            ? abi.encodeWithSignature("balanceOf(address,uint256)", account, c.gateTokenId)
            : abi.encodeWithSignature("balanceOf(address)", account);
        address token = c.gateToken;
        bool ok;
        uint256 size;
        // Anyone may gate a community on a token they wrote, so the call gets a fixed gas
        // budget (a gas-burning token cannot starve the caller's other reads) and only the
        // first word of its answer is copied, into scratch space (a token returning
        // megabytes costs the caller nothing).
        assembly ("memory-safe") {
            ok := staticcall(TOKEN_GATE_GAS, token, add(data, 0x20), mload(data), 0x00, 0x20)
            size := returndatasize()
            amount := mload(0x00)
        }
        // A token that reverts, runs out of gas or answers short grants nothing (fail closed).
        if (!ok || size < 32) return 0;
    }

    /// @dev Copied entry by entry: the legacy code generator cannot copy string[] calldata whole.
    function _storeUrls(string[] storage stored, string[] calldata urls, ServerList list) private {
        uint256 n = urls.length;
        if (n > MAX_SERVERS) revert TooManyServers(list, n);
        uint256 kept = stored.length;
        for (uint256 i; i < n; ++i) {
            if (!_schemeIs(urls[i], list)) revert InvalidServerUrl(list, i);
            if (i < kept) stored[i] = urls[i];
            else stored.push(urls[i]);
        }
        for (; kept > n; --kept) stored.pop();
    }

    /// @dev Whether `url` fits the length bound and starts with a scheme `list` takes, with
    /// something after it.
    function _schemeIs(string calldata url, ServerList list) private pure returns (bool) {
        bytes calldata b = bytes(url);
        if (b.length > MAX_SERVER_URL_LENGTH) return false;
        if (list == ServerList.Relays) return _startsWith(b, "wss://") || _startsWith(b, "https://");
        if (list == ServerList.Gate) return _startsWith(b, "https://");
        if (list == ServerList.MediaServers) return _startsWith(b, "wss://");
        return _startsWith(b, "stun:") || _startsWith(b, "turn:") || _startsWith(b, "turns:");
    }

    /// @dev `b` starts with `prefix` and is longer than it.
    function _startsWith(bytes calldata b, bytes memory prefix) private pure returns (bool) {
        uint256 n = prefix.length;
        if (b.length <= n) return false;
        return keccak256(b[:n]) == keccak256(prefix);
    }

    function _existingCommunity(uint256 communityId) private view returns (Community storage) {
        if (communityId >= _communityCount) revert CommunityNotFound(communityId);
        return _communities[communityId];
    }

    function _activeCommunity(uint256 communityId) private view returns (Community storage c) {
        c = _existingCommunity(communityId);
        if (!c.active) revert CommunityInactive(communityId);
    }

    function _checkCommunityOwner(Community storage c, uint256 communityId) private view {
        if (msg.sender != c.owner) revert CommunityUnauthorizedAccount(communityId, msg.sender);
    }

    function _checkManager(Community storage c, uint256 communityId) private view {
        if (msg.sender != c.owner && !c.admins.contains(msg.sender)) {
            revert CommunityUnauthorizedAccount(communityId, msg.sender);
        }
    }

    function _checkOwner() private view {
        if (msg.sender != _owner) revert OwnableUnauthorizedAccount(msg.sender);
    }

    function _checkText(string calldata name, string calldata description) private pure {
        uint256 nameLength = bytes(name).length;
        if (nameLength == 0 || nameLength > MAX_NAME_LENGTH) revert InvalidCommunityName(nameLength);
        uint256 descriptionLength = bytes(description).length;
        if (descriptionLength > MAX_DESCRIPTION_LENGTH) revert DescriptionTooLong(descriptionLength);
    }

    function _transferOwnership(address newOwner) private {
        address previous = _owner;
        _owner = newOwner;
        delete _pendingOwner;
        emit OwnershipTransferred(previous, newOwner);
    }
}
