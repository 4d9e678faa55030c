// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILivepeerServiceRegistry} from "../interfaces/ILivepeerServiceRegistry.sol";

/**
 * @title TestLivepeerServiceRegistry
 * @notice A stand-in for Livepeer's Service Registry on local chains and in tests:
 * anyone sets their own service URI, as on the real registry (which also checks stake).
 */
contract TestLivepeerServiceRegistry is ILivepeerServiceRegistry {
    mapping(address account => string uri) private _uris;

    event ServiceURIUpdated(address indexed addr, string serviceURI);

    /// @notice Sets the caller's service URI; an empty string unregisters.
    function setServiceURI(string calldata serviceURI) external {
        _uris[msg.sender] = serviceURI;
        emit ServiceURIUpdated(msg.sender, serviceURI);
    }

    /// @inheritdoc ILivepeerServiceRegistry
    function getServiceURI(address addr) external view returns (string memory) {
        return _uris[addr];
    }
}
