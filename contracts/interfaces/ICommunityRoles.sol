// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The CommunityAccess reads MeetingScheduler makes: roles, liveness and membership.
interface ICommunityRoles {
    /// @notice Number of communities ever created (ids are 0 .. count - 1).
    function communityCount() external view returns (uint256);

    /// @notice A community's details; reverts for an unknown id.
    function getCommunityInfo(uint256 communityId)
        external
        view
        returns (
            string memory name,
            string memory description,
            address owner,
            uint256 createdAt,
            bool isActive,
            uint256 participantCount
        );

    /// @notice Whether `account` is one of the community's admins.
    function isCommunityAdmin(uint256 communityId, address account) external view returns (bool);

    /// @notice Whether `account` may enter the community's rooms (false for unknown or inactive).
    function hasAccess(uint256 communityId, address account) external view returns (bool);
}
