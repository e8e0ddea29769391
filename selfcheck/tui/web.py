"""The app in a browser tab (`selfcheck serve`, textual-serve): files reach the browser user.

In a browser the app runs on the server, so a report it writes lands in the server's
workspace, out of the user's reach. `offer_download` hands such a file to the browser as a
download. In a terminal it does nothing: there the file stays where it was written and the
app shows that path (Textual's own `deliver_binary` would copy it to ~/Downloads instead,
which on an SSH server is just as far away).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from textual.app import App

from selfcheck.core.export import FORMATS

MIME_TYPES = {f".{f.extension}": f.mime for f in FORMATS.values()}
"""File extension -> MIME type, from the one list of report formats."""


def offer_download(app: App[Any], path: Path) -> bool:
    """When `app` runs in a browser, start a download of `path` there and return True.

    Call it after an export has written `path` (the export dialog does). False, and nothing
    done, in a terminal or when `path` is not a file.
    """
    if not app.is_web or not path.is_file():
        return False
    suffix = path.suffix.lower()
    mime = MIME_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    app.deliver_binary(path, save_filename=path.name, open_method="download", mime_type=mime)
    return True
