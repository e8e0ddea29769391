"""Voting from phones: every participant votes on their own device, the meeting stays on one screen.

- `voting.VotingSession`: the state of one device-voting round (plain Python, no web, no UI).
- `server.DeviceServer`: the aiohttp server in the caller's own asyncio event loop.
- `qr.qr_text`: the join address as a QR code drawn with half blocks for a terminal.

Nothing here imports textual; the app hooks in through `VotingSession.subscribe`.
"""
