// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AddressSet} from "./lib/AddressSet.sol";
import {ICommunityRoles} from "./interfaces/ICommunityRoles.sol";

/**
 * @title MeetingScheduler
 * @notice A community's scheduled calls: announced by its owner or admins, repeated weekly,
 * every two weeks or monthly as one record, and RSVPed by its members. Who is an owner,
 * admin or member is read from the deployed CommunityAccess, never kept here.
 * @dev Keeps the prototype's interface (createMeeting with seven arguments, updateMeeting,
 * changeMeetingStatus, deleteMeeting, joinMeeting, getMeeting, the list getters and events)
 * so code written for it works, and fixes its flaws: role checks, custom errors, bounded
 * pages, an event after every change, and stream URLs never stored or accepted in the clear
 * (only a commitment, see docs/decisions-calendar.md).
 */
contract MeetingScheduler {
    using AddressSet for AddressSet.Set;

    enum MeetingStatus {
        Scheduled,
        Live,
        Ended,
        Cancelled
    }

    /// @notice How a meeting repeats; a repeating meeting is one record.
    enum Repeat {
        None,
        Weekly,
        Biweekly,
        Monthly
    }

    /// @notice What an owner or admin sets on a meeting.
    struct MeetingInput {
        string title;
        string description;
        /// Unix seconds of the first (or only) occurrence.
        uint64 scheduledTime;
        /// Minutes.
        uint32 duration;
        Repeat repeat;
        /// Number of occurrences (RRULE COUNT), or 0 when `repeatUntil` ends the series.
        uint16 occurrences;
        /// Unix seconds after which no occurrence starts (RRULE UNTIL), or 0.
        uint64 repeatUntil;
        /// keccak256 of the stream URL (which holds the stream key), or 0 for none.
        bytes32 streamCommitment;
    }

    /// @notice A meeting as the app reads it.
    struct MeetingView {
        uint256 id;
        uint256 communityId;
        address host;
        string title;
        string description;
        uint64 scheduledTime;
        uint32 duration;
        Repeat repeat;
        uint16 occurrences;
        uint64 repeatUntil;
        MeetingStatus status;
        uint64 createdAt;
        bytes32 streamCommitment;
        uint256 participantCount;
    }

    struct Meeting {
        // One slot: read by every RSVP and every upcoming scan.
        address host;
        uint64 scheduledTime;
        uint32 duration;
        // One slot. Community ids count up from 0 in CommunityAccess, so 64 bits hold them.
        uint64 createdAt;
        uint64 repeatUntil;
        uint64 communityId;
        uint16 occurrences;
        MeetingStatus status;
        Repeat repeat;
        bytes32 streamCommitment;
        string title;
        string description;
        AddressSet.Set participants;
    }

    /// @notice Longest title, in bytes.
    uint256 public constant MAX_TITLE_LENGTH = 100;
    /// @notice Longest description, in bytes.
    uint256 public constant MAX_DESCRIPTION_LENGTH = 1024;
    /// @notice Longest meeting, in minutes (one day).
    uint256 public constant MAX_DURATION = 1440;
    /// @notice Furthest a meeting or a series' end may lie ahead, in seconds (about ten years).
    uint256 public constant MAX_LEAD_TIME = 3650 days;
    /// @notice Most occurrences of one repeating meeting.
    uint256 public constant MAX_OCCURRENCES = 520;
    /// @notice Most entries one paged getter returns.
    uint256 public constant MAX_PAGE = 100;
    /// @notice Most of a community's newest meetings the prototype-shaped upcoming getter scans.
    uint256 public constant MAX_UPCOMING_SCAN = 500;

    /// @notice The CommunityAccess deployment whose roles and allowlists apply.
    ICommunityRoles public immutable communityAccess;

    uint256 private _meetingCount;
    mapping(uint256 meetingId => Meeting) private _meetings;
    mapping(uint256 communityId => uint256[]) private _communityMeetings;
    mapping(address host => uint256[]) private _hostMeetings;

    // ---------------------------------------------------------------- events

    event MeetingCreated(
        uint256 indexed meetingId,
        uint256 indexed communityId,
        address indexed host,
        string title,
        uint256 scheduledTime
    );
    event MeetingUpdated(uint256 indexed meetingId, string title);
    event MeetingStatusChanged(uint256 indexed meetingId, MeetingStatus status);
    event MeetingDeleted(uint256 indexed meetingId);
    event ParticipantJoined(uint256 indexed meetingId, address indexed participant);
    event ParticipantLeft(uint256 indexed meetingId, address indexed participant);

    // ---------------------------------------------------------------- errors

    error InvalidCommunityAccess();
    error CommunityNotFound(uint256 communityId);
    error CommunityInactive(uint256 communityId);
    error MeetingNotFound(uint256 meetingId);
    error NotCommunityManager(uint256 communityId, address account);
    error NotCommunityMember(uint256 communityId, address account);
    error InvalidTitle(uint256 length);
    error DescriptionTooLong(uint256 length);
    error InvalidDuration(uint256 duration);
    error InvalidScheduledTime(uint256 scheduledTime, uint256 now_);
    error InvalidRepeat(Repeat repeat, uint256 occurrences, uint256 repeatUntil);
    /// A stream URL was sent in the clear; send its commitment (keccak256) instead.
    error StreamUrlInClear();
    error MeetingNotEditable(uint256 meetingId, MeetingStatus status);
    error MeetingClosed(uint256 meetingId);
    error InvalidStatusChange(uint256 meetingId, MeetingStatus from, MeetingStatus to);
    error AlreadyParticipant(uint256 meetingId, address account);
    error NotParticipant(uint256 meetingId, address account);

    /// @param access The CommunityAccess deployment (must hold code).
    constructor(address access) {
        if (access.code.length == 0) revert InvalidCommunityAccess();
        communityAccess = ICommunityRoles(access);
    }

    // ---------------------------------------------------------------- writes

    /**
     * @notice The prototype's create: a one-off meeting. Stream URLs must be empty (a key in
     * calldata is public for good); use the MeetingInput overload with a commitment.
     * @return meetingId The new meeting's id.
     */
    function createMeeting(
        uint256 communityId,
        string calldata title,
        string calldata description,
        uint256 scheduledTime,
        uint256 duration,
        string calldata whipUrl,
        string calldata rtmpUrl
    ) external returns (uint256) {
        _refuseUrls(whipUrl, rtmpUrl);
        _checkScalars(scheduledTime, duration);
        MeetingInput memory input = MeetingInput({
            title: title,
            description: description,
            scheduledTime: uint64(scheduledTime),
            duration: uint32(duration),
            repeat: Repeat.None,
            occurrences: 0,
            repeatUntil: 0,
            streamCommitment: bytes32(0)
        });
        return _create(communityId, input);
    }

    /// @notice Creates a meeting, repeating or not (owner or admins of the community only).
    function createMeeting(uint256 communityId, MeetingInput calldata input)
        external
        returns (uint256)
    {
        return _create(communityId, input);
    }

    /// @notice The prototype's update: keeps the repeat rule and the stream commitment.
    function updateMeeting(
        uint256 meetingId,
        string calldata title,
        string calldata description,
        uint256 scheduledTime,
        uint256 duration,
        string calldata whipUrl,
        string calldata rtmpUrl
    ) external {
        _refuseUrls(whipUrl, rtmpUrl);
        _checkScalars(scheduledTime, duration);
        Meeting storage m = _existingMeeting(meetingId);
        MeetingInput memory input = MeetingInput({
            title: title,
            description: description,
            scheduledTime: uint64(scheduledTime),
            duration: uint32(duration),
            repeat: m.repeat,
            occurrences: m.occurrences,
            repeatUntil: m.repeatUntil,
            streamCommitment: m.streamCommitment
        });
        _update(meetingId, m, input);
    }

    /// @notice Replaces everything an owner or admin sets on a scheduled meeting.
    function updateMeeting(uint256 meetingId, MeetingInput calldata input) external {
        _update(meetingId, _existingMeeting(meetingId), input);
    }

    /**
     * @notice Moves a meeting on: Scheduled -> Live -> Ended, or to Cancelled from Scheduled
     * or Live. Ended and Cancelled are final.
     */
    function changeMeetingStatus(uint256 meetingId, MeetingStatus newStatus) external {
        Meeting storage m = _existingMeeting(meetingId);
        _checkManager(m.communityId);
        MeetingStatus from = m.status;
        bool allowed = (from == MeetingStatus.Scheduled && newStatus != MeetingStatus.Scheduled)
            || (from == MeetingStatus.Live
                && (newStatus == MeetingStatus.Ended || newStatus == MeetingStatus.Cancelled));
        if (!allowed) revert InvalidStatusChange(meetingId, from, newStatus);
        m.status = newStatus;
        emit MeetingStatusChanged(meetingId, newStatus);
    }

    /// @notice Cancels a meeting and keeps its record (who RSVPed stays readable).
    function deleteMeeting(uint256 meetingId) external {
        Meeting storage m = _existingMeeting(meetingId);
        _checkManager(m.communityId);
        if (m.status == MeetingStatus.Cancelled) revert MeetingNotEditable(meetingId, m.status);
        m.status = MeetingStatus.Cancelled;
        emit MeetingStatusChanged(meetingId, MeetingStatus.Cancelled);
        emit MeetingDeleted(meetingId);
    }

    /// @notice RSVP: the sender, a member of the community, says they will attend.
    function joinMeeting(uint256 meetingId) external {
        Meeting storage m = _openMeeting(meetingId);
        if (!communityAccess.hasAccess(m.communityId, msg.sender)) {
            revert NotCommunityMember(m.communityId, msg.sender);
        }
        if (!m.participants.add(msg.sender)) revert AlreadyParticipant(meetingId, msg.sender);
        emit ParticipantJoined(meetingId, msg.sender);
    }

    /// @notice Withdraws the sender's RSVP while the meeting is still open.
    function leaveMeeting(uint256 meetingId) external {
        Meeting storage m = _openMeeting(meetingId);
        if (!m.participants.remove(msg.sender)) revert NotParticipant(meetingId, msg.sender);
        emit ParticipantLeft(meetingId, msg.sender);
    }

    // ---------------------------------------------------------------- reads

    /// @notice Number of meetings ever created (ids are 0 .. count - 1).
    function meetingCount() external view returns (uint256) {
        return _meetingCount;
    }

    /**
     * @notice The prototype's tuple. `whipUrl` and `rtmpUrl` are always empty (no URL is
     * stored); `isRecording` says whether a stream commitment is set.
     */
    function getMeeting(uint256 meetingId)
        external
        view
        returns (
            uint256 id,
            uint256 communityId,
            string memory title,
            string memory description,
            uint256 scheduledTime,
            uint256 duration,
            address host,
            string memory whipUrl,
            string memory rtmpUrl,
            bool isRecording,
            MeetingStatus status,
            uint256 createdAt,
            uint256 participantCount
        )
    {
        Meeting storage m = _existingMeeting(meetingId);
        return (
            meetingId,
            m.communityId,
            m.title,
            m.description,
            m.scheduledTime,
            m.duration,
            m.host,
            "",
            "",
            m.streamCommitment != bytes32(0),
            m.status,
            m.createdAt,
            m.participants.length()
        );
    }

    /// @notice Everything about one meeting, repeat rule included.
    function getMeetingDetails(uint256 meetingId) external view returns (MeetingView memory) {
        _existingMeeting(meetingId);
        return _view(meetingId);
    }

    /**
     * @notice Up to `limit` (at most MAX_PAGE) of a community's meetings, in creation order
     * from list index `offset`, with their details and whether `viewer` RSVPed each: one
     * call fills a calendar page.
     */
    function getCommunityMeetingDetails(
        uint256 communityId,
        uint256 offset,
        uint256 limit,
        address viewer
    ) external view returns (MeetingView[] memory views, bool[] memory attending) {
        uint256[] storage ids = _communityMeetings[communityId];
        (uint256 start, uint256 end) = _window(ids.length, offset, _capped(limit));
        views = new MeetingView[](end - start);
        attending = new bool[](end - start);
        for (uint256 i = start; i < end; ++i) {
            views[i - start] = _view(ids[i]);
            attending[i - start] = _meetings[ids[i]].participants.contains(viewer);
        }
    }

    /// @notice Every address that RSVPed (use the paged variant for large meetings).
    function getMeetingParticipants(uint256 meetingId) external view returns (address[] memory) {
        return _existingMeeting(meetingId).participants.all();
    }

    /// @notice Up to `limit` (at most MAX_PAGE) RSVPs from list index `offset`.
    function getMeetingParticipantsPage(uint256 meetingId, uint256 offset, uint256 limit)
        external
        view
        returns (address[] memory)
    {
        return _existingMeeting(meetingId).participants.page(offset, _capped(limit));
    }

    /// @notice Whether `participant` RSVPed.
    function isParticipant(uint256 meetingId, address participant) external view returns (bool) {
        return _existingMeeting(meetingId).participants.contains(participant);
    }

    /// @notice Ids of every meeting of a community (use the paged variant when many).
    function getCommunityMeetings(uint256 communityId) external view returns (uint256[] memory) {
        return _communityMeetings[communityId];
    }

    /// @notice Number of meetings a community has had.
    function communityMeetingCount(uint256 communityId) external view returns (uint256) {
        return _communityMeetings[communityId].length;
    }

    /// @notice Up to `limit` (at most MAX_PAGE) meeting ids of a community from `offset`.
    function getCommunityMeetingsPage(uint256 communityId, uint256 offset, uint256 limit)
        external
        view
        returns (uint256[] memory)
    {
        return _slice(_communityMeetings[communityId], offset, limit);
    }

    /// @notice Ids of every meeting `host` created (use the paged variant when many).
    function getHostMeetings(address host) external view returns (uint256[] memory) {
        return _hostMeetings[host];
    }

    /// @notice Up to `limit` (at most MAX_PAGE) meeting ids `host` created, from `offset`.
    function getHostMeetingsPage(address host, uint256 offset, uint256 limit)
        external
        view
        returns (uint256[] memory)
    {
        return _slice(_hostMeetings[host], offset, limit);
    }

    /**
     * @notice Up to `limit` (at most MAX_PAGE) ids of the community's meetings that are
     * scheduled or live and not over (a series counts until its last occurrence ends),
     * oldest first among the community's newest MAX_UPCOMING_SCAN meetings.
     */
    function getUpcomingCommunityMeetings(uint256 communityId, uint256 limit)
        external
        view
        returns (uint256[] memory)
    {
        uint256 total = _communityMeetings[communityId].length;
        uint256 start = total > MAX_UPCOMING_SCAN ? total - MAX_UPCOMING_SCAN : 0;
        return _upcoming(communityId, start, total - start, limit);
    }

    /**
     * @notice Like getUpcomingCommunityMeetings, but scans only list indexes `offset` ..
     * `offset + scan - 1` of the community's meetings (scan at most MAX_UPCOMING_SCAN).
     */
    function getUpcomingCommunityMeetingsPage(
        uint256 communityId,
        uint256 offset,
        uint256 scan,
        uint256 limit
    ) external view returns (uint256[] memory) {
        return _upcoming(communityId, offset, scan > MAX_UPCOMING_SCAN ? MAX_UPCOMING_SCAN : scan, limit);
    }

    /**
     * @notice Unix seconds at which the meeting's last occurrence ends. For a monthly series
     * counted in occurrences, months are taken as 31 days, so the end is never early.
     */
    function seriesEnd(uint256 meetingId) external view returns (uint256) {
        return _seriesEnd(_existingMeeting(meetingId));
    }

    // ---------------------------------------------------------------- internals

    function _create(uint256 communityId, MeetingInput memory input) private returns (uint256 id) {
        _checkManager(communityId);
        _checkInput(input);
        id = _meetingCount++;
        Meeting storage m = _meetings[id];
        m.host = msg.sender;
        // Below communityCount (checked above), so it fits 64 bits.
        m.communityId = uint64(communityId);
        m.createdAt = uint64(block.timestamp);
        _store(m, input);
        _communityMeetings[communityId].push(id);
        _hostMeetings[msg.sender].push(id);
        emit MeetingCreated(id, communityId, msg.sender, input.title, input.scheduledTime);
        // The prototype counted the host as the first RSVP.
        m.participants.add(msg.sender);
        emit ParticipantJoined(id, msg.sender);
    }

    function _update(uint256 meetingId, Meeting storage m, MeetingInput memory input) private {
        _checkManager(m.communityId);
        if (m.status != MeetingStatus.Scheduled) revert MeetingNotEditable(meetingId, m.status);
        // An unchanged start may lie in the past (a running series keeps its first date).
        if (input.scheduledTime == m.scheduledTime) {
            _checkText(input.title, input.description);
            _checkDurationAndRepeat(input);
        } else {
            _checkInput(input);
        }
        _store(m, input);
        emit MeetingUpdated(meetingId, input.title);
    }

    function _store(Meeting storage m, MeetingInput memory input) private {
        m.title = input.title;
        m.description = input.description;
        m.scheduledTime = input.scheduledTime;
        m.duration = input.duration;
        m.repeat = input.repeat;
        m.occurrences = input.occurrences;
        m.repeatUntil = input.repeatUntil;
        m.streamCommitment = input.streamCommitment;
    }

    function _checkInput(MeetingInput memory input) private view {
        _checkText(input.title, input.description);
        if (
            input.scheduledTime <= block.timestamp
                || input.scheduledTime > block.timestamp + MAX_LEAD_TIME
        ) revert InvalidScheduledTime(input.scheduledTime, block.timestamp);
        _checkDurationAndRepeat(input);
    }

    function _checkDurationAndRepeat(MeetingInput memory input) private view {
        if (input.duration == 0 || input.duration > MAX_DURATION) {
            revert InvalidDuration(input.duration);
        }
        bool ok;
        if (input.repeat == Repeat.None) {
            ok = input.occurrences == 0 && input.repeatUntil == 0;
        } else if (input.repeatUntil == 0) {
            ok = input.occurrences >= 2 && input.occurrences <= MAX_OCCURRENCES;
        } else {
            // Exactly one of COUNT and UNTIL (RFC 5545 allows no both).
            ok = input.occurrences == 0 && input.repeatUntil > input.scheduledTime
                && input.repeatUntil <= block.timestamp + MAX_LEAD_TIME;
        }
        if (!ok) revert InvalidRepeat(input.repeat, input.occurrences, input.repeatUntil);
    }

    function _checkText(string memory title, string memory description) private pure {
        uint256 titleLength = bytes(title).length;
        if (titleLength == 0 || titleLength > MAX_TITLE_LENGTH) revert InvalidTitle(titleLength);
        uint256 descriptionLength = bytes(description).length;
        if (descriptionLength > MAX_DESCRIPTION_LENGTH) revert DescriptionTooLong(descriptionLength);
    }

    /// Bounds the prototype overloads' uint256 arguments before they are narrowed.
    function _checkScalars(uint256 scheduledTime, uint256 duration) private view {
        if (scheduledTime <= block.timestamp || scheduledTime > block.timestamp + MAX_LEAD_TIME) {
            revert InvalidScheduledTime(scheduledTime, block.timestamp);
        }
        if (duration == 0 || duration > MAX_DURATION) revert InvalidDuration(duration);
    }

    function _refuseUrls(string calldata whipUrl, string calldata rtmpUrl) private pure {
        if (bytes(whipUrl).length != 0 || bytes(rtmpUrl).length != 0) revert StreamUrlInClear();
    }

    /// The sender must be the community's owner or one of its admins, and it must be active.
    function _checkManager(uint256 communityId) private view {
        if (communityId >= communityAccess.communityCount()) revert CommunityNotFound(communityId);
        (,, address owner,, bool active,) = communityAccess.getCommunityInfo(communityId);
        if (!active) revert CommunityInactive(communityId);
        if (msg.sender != owner && !communityAccess.isCommunityAdmin(communityId, msg.sender)) {
            revert NotCommunityManager(communityId, msg.sender);
        }
    }

    function _existingMeeting(uint256 meetingId) private view returns (Meeting storage) {
        if (meetingId >= _meetingCount) revert MeetingNotFound(meetingId);
        return _meetings[meetingId];
    }

    /// A meeting that takes RSVPs: scheduled or live, and not over.
    function _openMeeting(uint256 meetingId) private view returns (Meeting storage m) {
        m = _existingMeeting(meetingId);
        if (
            (m.status != MeetingStatus.Scheduled && m.status != MeetingStatus.Live)
                || _seriesEnd(m) <= block.timestamp
        ) revert MeetingClosed(meetingId);
    }

    function _seriesEnd(Meeting storage m) private view returns (uint256) {
        uint256 length = uint256(m.duration) * 60;
        if (m.repeat == Repeat.None) return uint256(m.scheduledTime) + length;
        if (m.repeatUntil != 0) return uint256(m.repeatUntil) + length;
        uint256 step = m.repeat == Repeat.Weekly ? 7 days : m.repeat == Repeat.Biweekly ? 14 days : 31 days;
        return uint256(m.scheduledTime) + (uint256(m.occurrences) - 1) * step + length;
    }

    function _upcoming(uint256 communityId, uint256 offset, uint256 scan, uint256 limit)
        private
        view
        returns (uint256[] memory result)
    {
        uint256[] storage ids = _communityMeetings[communityId];
        (uint256 start, uint256 end) = _window(ids.length, offset, scan);
        uint256 max = _capped(limit);
        result = new uint256[](max < end - start ? max : end - start);
        uint256 count;
        for (uint256 i = start; i < end && count < result.length; ++i) {
            Meeting storage m = _meetings[ids[i]];
            if (
                (m.status == MeetingStatus.Scheduled || m.status == MeetingStatus.Live)
                    && _seriesEnd(m) > block.timestamp
            ) result[count++] = ids[i];
        }
        assembly ("memory-safe") {
            mstore(result, count)
        }
    }

    function _view(uint256 id) private view returns (MeetingView memory) {
        Meeting storage m = _meetings[id];
        return MeetingView({
            id: id,
            communityId: m.communityId,
            host: m.host,
            title: m.title,
            description: m.description,
            scheduledTime: m.scheduledTime,
            duration: m.duration,
            repeat: m.repeat,
            occurrences: m.occurrences,
            repeatUntil: m.repeatUntil,
            status: m.status,
            createdAt: m.createdAt,
            streamCommitment: m.streamCommitment,
            participantCount: m.participants.length()
        });
    }

    function _slice(uint256[] storage ids, uint256 offset, uint256 limit)
        private
        view
        returns (uint256[] memory result)
    {
        (uint256 start, uint256 end) = _window(ids.length, offset, _capped(limit));
        result = new uint256[](end - start);
        for (uint256 i = start; i < end; ++i) {
            result[i - start] = ids[i];
        }
    }

    /// [start, end) of a list of `total`, clamped; `limit` capped at MAX_PAGE for pages.
    function _window(uint256 total, uint256 offset, uint256 limit)
        private
        pure
        returns (uint256 start, uint256 end)
    {
        if (offset >= total) return (total, total);
        start = offset;
        end = total - offset < limit ? total : offset + limit;
    }

    function _capped(uint256 limit) private pure returns (uint256) {
        return limit > MAX_PAGE ? MAX_PAGE : limit;
    }
}
