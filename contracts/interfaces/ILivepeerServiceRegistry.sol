// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The one call CommunityAccess makes on Livepeer's Service Registry.
interface ILivepeerServiceRegistry {
    /// @notice The service URI an orchestrator registered; empty when it never did.
    function getServiceURI(address addr) external view returns (string memory);
}
