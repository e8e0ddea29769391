"""The one catalogue of every string selfcheck shows a person, in Dutch and English.

`t("key", **values)` returns the text in the current language (Dutch unless `set_language`
chose English). Content (questionnaires, frameworks) carries its own nl/en texts; this file
holds the interface's. tests/test_i18n.py checks that every key has both languages and the
same placeholders, and that every key used in the code exists here.
"""

from __future__ import annotations

import re

LANGUAGES = ("nl", "en")
_current = "nl"


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _current = lang


def language() -> str:
    return _current


_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def _plural(text: str, values: dict[str, object]) -> str:
    """`{n|actie|acties}` becomes the first form when n is 1, else the second (so no
    "actie(s)" is ever shown). The number itself is written as `{n}` beside it."""

    def pick(m: re.Match[str]) -> str:
        return m.group(2) if values.get(m.group(1)) == 1 else m.group(3)

    return _PLURAL.sub(pick, text)


def t(msgid: str, /, **values: object) -> str:
    nl, en = CATALOGUE[msgid]
    text = en if _current == "en" else nl
    if not values:
        return text
    return _plural(text, values).format(**values)


CATALOGUE: dict[str, tuple[str, str]] = {
    # --- validation of content and assessment files
    "v.syntax": ("geen geldige TOML: {detail}", "not valid TOML: {detail}"),
    "v.syntax_col": ("geen geldige TOML (kolom {column}): {detail}", "not valid TOML (column {column}): {detail}"),
    "v.not_utf8_at": (
        "het bestand is geen UTF-8-tekst (byte {byte} in kolom {column}; misschien Latin-1 of Windows-1252): sla het op als UTF-8",
        "the file is not UTF-8 text (byte {byte} in column {column}; Latin-1 or Windows-1252 perhaps): save it as UTF-8",
    ),
    "v.utf16": (
        'het bestand is UTF-16 (Windows "Unicode"), geen UTF-8-tekst: sla het op als UTF-8',
        'the file is UTF-16 (Windows "Unicode"), not UTF-8 text: save it as UTF-8',
    ),
    "v.nul": (
        "het bestand bevat een NUL-teken (kolom {column}): binaire gegevens, geen UTF-8-tekst",
        "the file holds a NUL character (column {column}): binary data, not UTF-8 text",
    ),
    "v.too_deep": ("tabellen of lijsten zijn te diep in elkaar genest", "tables or lists are nested too deeply"),
    "v.empty": ("het bestand is leeg", "the file is empty"),
    "v.unreadable": ("kan het bestand niet lezen: {detail}", "cannot read the file: {detail}"),
    "v.too_big": (
        "het bestand is te groot ({size} bytes, hoogstens {limit})",
        "the file is too large ({size} bytes, at most {limit})",
    ),
    "v.not_regular": (
        "geen gewoon bestand maar {kind}; selfcheck leest alleen gewone bestanden",
        "not a regular file but {kind}; selfcheck reads regular files only",
    ),
    "v.kind_folder": ("een map", "a folder"),
    "v.kind_fifo": ("een pipe (FIFO), die eeuwig zou wachten", "a pipe (FIFO), which would wait forever"),
    "v.kind_device": (
        "een apparaat (zoals /dev/zero), dat nooit ophoudt",
        "a device (such as /dev/zero), which never ends",
    ),
    "v.kind_socket": ("een socket", "a socket"),
    "v.kind_other": ("iets anders", "something else"),
    "v.more_problems": ("… en nog {n} in dit bestand", "… and {n} more in this file"),
    "v.unknown_key": ("onbekende sleutel '{key}' in {where}", "unknown key '{key}' in {where}"),
    "v.unknown_key_hint": (
        "onbekende sleutel '{key}' in {where} (bedoelt u '{hint}'?)",
        "unknown key '{key}' in {where} (did you mean '{hint}'?)",
    ),
    "v.missing_key": ("'{key}' ontbreekt in {where}", "'{key}' is missing in {where}"),
    "v.wrong_type": ("'{key}' moet {expected} zijn, niet {got}", "'{key}' must be {expected}, not {got}"),
    "v.kind": ('\'kind\' moet "framework" of "questionnaire" zijn', '\'kind\' must be "framework" or "questionnaire"'),
    "v.kind_missing": (
        "dit is geen kader, vragenlijst of assessment (geen 'kind' en geen 'schema')",
        "this is no framework, questionnaire or assessment (no 'kind' and no 'schema')",
    ),
    "v.bad_id": (
        "id '{id}' mag alleen kleine letters, cijfers, '-' en '_' bevatten",
        "id '{id}' may contain only lower-case letters, digits, '-' and '_'",
    ),
    "v.bad_pid": (
        "id '{id}' mag alleen letters, cijfers, '-' en '_' bevatten",
        "id '{id}' may contain only letters, digits, '-' and '_'",
    ),
    "v.duplicate_id": ("dubbele id '{id}' (ook op regel {other})", "duplicate id '{id}' (also on line {other})"),
    "v.duplicate_id_noline": ("dubbele id '{id}'", "duplicate id '{id}'"),
    "v.missing_lang": ("vertaling '{lang}' ontbreekt in '{key}'", "translation '{lang}' is missing in '{key}'"),
    "v.unknown_lang": (
        "onbekende taal '{lang}' in '{key}' (alleen nl en en)",
        "unknown language '{lang}' in '{key}' (only nl and en)",
    ),
    "v.empty_text": ("'{key}' is leeg", "'{key}' is empty"),
    "v.status": (
        'status moet "confirmed" of "working-title" zijn, niet \'{got}\'',
        'status must be "confirmed" or "working-title", not \'{got}\'',
    ),
    "v.target_range": ("doel {value} valt buiten 0–100", "target {value} is outside 0–100"),
    "v.no_principles": ("het kader heeft geen principes", "the framework has no principles"),
    "v.no_sections": ("de vragenlijst heeft geen secties", "the questionnaire has no sections"),
    "v.empty_section": ("sectie '{id}' heeft geen items", "section '{id}' has no items"),
    "v.no_scales": ("de vragenlijst definieert geen schaal", "the questionnaire defines no scale"),
    "v.scale_levels": ("schaal '{id}' heeft minstens twee niveaus nodig", "scale '{id}' needs at least two levels"),
    "v.scale_order": (
        "de niveaus van schaal '{id}' moeten oplopen zonder dubbele waarden",
        "the levels of scale '{id}' must increase without duplicates",
    ),
    "v.unknown_scale": ("onbekende schaal '{id}'", "unknown scale '{id}'"),
    "v.unknown_step": ("onbekende stap '{id}'", "unknown step '{id}'"),
    "v.unknown_framework": ("onbekend kader '{id}'", "unknown framework '{id}'"),
    "v.unknown_principle": (
        "onbekend principe '{id}' in kader '{framework}'",
        "unknown principle '{id}' in framework '{framework}'",
    ),
    "v.weight_range": (
        "gewicht van '{id}' moet hoogstens {max} zijn, niet {value}",
        "weight of '{id}' must be at most {max}, not {value}",
    ),
    "v.weight": (
        "gewicht van '{id}' moet groter dan 0 zijn, niet {value}",
        "weight of '{id}' must be greater than 0, not {value}",
    ),
    "v.serves_none": ("item '{id}' dient geen enkel principe", "item '{id}' serves no principle"),
    "v.year": ("jaar {value} is geen geldig jaartal", "year {value} is not a valid year"),
    "v.year_text": (
        "jaar '{value}' is geen jaartal; schrijf een jaartal of \"{unknown}\"",
        "year '{value}' is not a year; write a year or \"{unknown}\"",
    ),
    "v.content_status": (
        'status moet "confirmed" of "reconstructed" zijn, niet \'{got}\'',
        'status must be "confirmed" or "reconstructed", not \'{got}\'',
    ),
    "v.narrow_basis": (
        "smalle basis in {framework}: minder dan {limit} stellingen voor {principles}",
        "narrow basis in {framework}: fewer than {limit} statements for {principles}",
    ),
    "v.schema_future": (
        "schema {got} is nieuwer dan deze versie van selfcheck kent ({known}); werk selfcheck bij",
        "schema {got} is newer than this version of selfcheck knows ({known}); update selfcheck",
    ),
    "v.schema_bad": ("schema moet een geheel getal ≥ 1 zijn", "schema must be a whole number ≥ 1"),
    "v.unknown_questionnaire": ("onbekende vragenlijst '{id}'", "unknown questionnaire '{id}'"),
    "v.unknown_item": (
        "antwoord op item '{id}' dat de vragenlijst niet heeft",
        "answer to item '{id}', which the questionnaire does not have",
    ),
    "v.control_chars": (
        "stuurtekens in '{key}' vervangen door �: ze kunnen een terminal besturen",
        "control characters in '{key}' replaced by �: they can drive a terminal",
    ),
    "v.unknown_section": ("onbekende sectie '{id}'", "unknown section '{id}'"),
    "v.unknown_item_ref": ("actie verwijst naar onbekend item '{id}'", "action refers to unknown item '{id}'"),
    "v.score_range": (
        "score {value} past niet op de schaal ({allowed})",
        "score {value} is not on the scale ({allowed})",
    ),
    "v.vote_unknown_participant": (
        "stem van '{name}', die geen deelnemer is",
        "vote by '{name}', who is not a participant",
    ),
    "v.voting": (
        'stemwijze moet "team", "open" of "blind" zijn, niet \'{got}\'',
        'voting must be "team", "open" or "blind", not \'{got}\'',
    ),
    "v.action_status": (
        "actiestatus moet open, busy, done of dropped zijn, niet '{got}'",
        "action status must be open, busy, done or dropped, not '{got}'",
    ),
    "v.version_changed": (
        "beantwoord met versie {old} van '{id}', nu versie {new}: {changes}; de antwoorden blijven bewaard",
        "answered against version {old} of '{id}', now version {new}: {changes}; the answers are kept",
    ),
    "v.changes_removed": (
        "{n} {n|stelling|stellingen} vervallen ({ids})",
        "{n} {n|statement|statements} removed ({ids})",
    ),
    "v.changes_added": ("{n} {n|stelling|stellingen} nieuw", "{n} new {n|statement|statements}"),
    "v.changes_none": ("geen items gewijzigd", "no items changed"),
    "v.participants_dup": ("deelnemer '{name}' staat er twee keer in", "participant '{name}' is listed twice"),
    "v.too_long": (
        "'{key}' is te lang ({size} tekens, hoogstens {limit})",
        "'{key}' is too long ({size} characters, at most {limit})",
    ),
    "v.overrides_builtin": (
        "'{id}' bestaat al als ingebouwde inhoud; dit bestand wordt niet gebruikt (geef het een andere id)",
        "'{id}' already exists as built-in content; this file is not used (give it another id)",
    ),
    "v.duplicate_content": (
        "'{id}' staat ook in {other}; dit bestand wordt niet gebruikt",
        "'{id}' is also defined in {other}; this file is not used",
    ),
    "v.b1_long_sentence": (
        "lange zin voor B1-lezers ({n} woorden, advies hoogstens {limit}) in '{key}'",
        "long sentence for B1 readers ({n} words, advice at most {limit}) in '{key}'",
    ),
    "v.b1_long_word": (
        "lang woord voor B1-lezers ('{word}') in '{key}'",
        "long word for B1 readers ('{word}') in '{key}'",
    ),
    "v.b1_anglicism": (
        "Engels woord '{word}': schrijf '{instead}' in '{key}'",
        "English word '{word}': write '{instead}' in '{key}'",
    ),
    "v.b1_avoid": ("vermijd '{word}': schrijf '{instead}' in '{key}'", "avoid '{word}': write '{instead}' in '{key}'"),
    "v.b1_double": (
        "'veel' en 'vaak' in één zin zeggen twee keer hetzelfde; kies er één in '{key}'",
        "'veel' and 'vaak' in one sentence say the same twice; choose one in '{key}'",
    ),
    "v.b1_two_in_one": (
        "mogelijk meer dan één vraag in één stelling ({why}); splits de stelling in '{key}'",
        "possibly more than one question in one statement ({why}); split the statement in '{key}'",
    ),
    "v.date": ("'{key}' moet een datum zijn zoals 2026-11-22", "'{key}' must be a date such as 2026-11-22"),
    "v.no_files": ("geen bestanden gevonden in {path}", "no files found in {path}"),
    "v.not_found": ("bestand of map bestaat niet", "file or folder does not exist"),
    "v.ok": ("{n} {n|bestand|bestanden} geldig", "{n} {n|file|files} valid"),
    "v.summary": (
        "{errors} {errors|fout|fouten}, {warnings} {warnings|waarschuwing|waarschuwingen} in {files} {files|bestand|bestanden}",
        "{errors} {errors|error|errors}, {warnings} {warnings|warning|warnings} in {files} {files|file|files}",
    ),
    "t.table": ("een tabel", "a table"),
    "t.text": ("een tekst", "a text"),
    "t.integer": ("een geheel getal", "a whole number"),
    "t.number": ("een getal", "a number"),
    "t.boolean": ("true of false", "true or false"),
    "t.list": ("een lijst", "a list"),
    "t.date": ("een datum", "a date"),
    "t.datetime": ("een tijdstip", "a date and time"),
    "t.score": ("een score", "a score"),
    "w.top": ("het bestand", "the file"),
    # --- storage
    "s.locked": (
        "{file} is geopend door {user} op {host} sinds {since}; alleen lezen",
        "{file} is open by {user} on {host} since {since}; read-only",
    ),
    "s.locked_elsewhere": (
        "{file} is geopend door {user} op {host} sinds {since}; alleen lezen. Is {host} vastgelopen of uitgezet terwijl selfcheck openstond, verwijder dan het bestand {lock} naast {file}",
        "{file} is open by {user} on {host} since {since}; read-only. If {host} crashed or was switched off while selfcheck was open, delete the file {lock} beside {file}",
    ),
    "s.locked_here": (
        "{file} is al geopend in dit programma; alleen lezen",
        "{file} is already open in this program; read-only",
    ),
    "s.lock_folder": (
        "{file}: het slot {lock} is een map in plaats van een bestand; verwijder die map om {file} te kunnen bewerken; alleen lezen",
        "{file}: the lock {lock} is a folder instead of a file; remove that folder to edit {file}; read-only",
    ),
    "s.lock_unreadable": (
        "{file} is waarschijnlijk geopend door een andere gebruiker: het slot {lock} is niet te lezen ({detail}); alleen lezen",
        "{file} is probably open by another user: the lock {lock} cannot be read ({detail}); read-only",
    ),
    "s.lock_stuck": (
        "{file}: het verlopen slot {lock} kan niet worden verwijderd ({detail}); alleen lezen",
        "{file}: the stale lock {lock} cannot be removed ({detail}); read-only",
    ),
    "s.lock_cannot_create": (
        "{file} kan niet worden vergrendeld om te bewerken ({detail}); alleen lezen",
        "{file} cannot be locked for editing ({detail}); read-only",
    ),
    "s.busy_or_read_only": (
        "{file} kan niet worden vervangen: een ander programma houdt het open (een virusscanner, OneDrive, een pdf-lezer), of het is alleen-lezen; sluit het bestand {file} in het andere programma en probeer het opnieuw",
        "{file} cannot be replaced: another program holds it open (a virus scanner, OneDrive, a PDF reader), or it is read-only; close the file {file} in the other program and try again",
    ),
    "s.busy": (
        "{file} is in gebruik door een ander programma (een virusscanner, OneDrive, een pdf-lezer); sluit het bestand {file} in het andere programma en probeer het opnieuw",
        "{file} is in use by another program (a virus scanner, OneDrive, a PDF reader); close the file {file} in the other program and try again",
    ),
    "s.trash_locked_by": (
        "{file} is niet verwijderd: het is geopend door {user} op {host}; sluit het daar eerst (anders zet de volgende opslag het terug)",
        "{file} was not deleted: it is open by {user} on {host}; close it there first (else its next save puts it back)",
    ),
    "s.trash_locked": (
        "{file} is niet verwijderd, want het is in gebruik: {detail}",
        "{file} was not deleted, because it is in use: {detail}",
    ),
    "s.in_use": ("in gebruik door een ander programma", "in use by another program"),
    "s.lock_contended": (
        "{file}: het slot {lock} wordt steeds door een ander programma overgenomen; probeer het zo opnieuw, alleen lezen",
        "{file}: the lock {lock} keeps being taken over by another program; try again shortly, read-only",
    ),
    "s.save_failed": ("opslaan mislukt: {detail}", "saving failed: {detail}"),
    "s.not_found": ("{path} bestaat niet", "{path} does not exist"),
    "s.changed_on_disk": (
        "{file} is buiten selfcheck gewijzigd; open het opnieuw",
        "{file} was changed outside selfcheck; open it again",
    ),
    "s.read_only": ("deze zelfscan is alleen-lezen geopend", "this assessment is open read-only"),
    "s.bad_name": ("ongeldige naam", "invalid name"),
    "s.symlink": (
        "{file} is een snelkoppeling (symbolische link) naar {target}; selfcheck schrijft niet via een link, dus alleen lezen. Kopieer het bestand om het te bewerken",
        "{file} is a symbolic link to {target}; selfcheck does not write through a link, so read-only. Copy the file to edit it",
    ),
    "s.not_regular": (
        "{file} is geen gewoon bestand (een map, een pipe of een apparaat); niet geopend",
        "{file} is not a regular file (a folder, a pipe or a device); not opened",
    ),
    "s.too_big": (
        "{file} is te groot voor een zelfscan; niet geopend",
        "{file} is too big for an assessment; not opened",
    ),
    # --- command line
    "cli.description": (
        "Zelfscan gezondheidsverschillen voor gemeentelijke teams, langs de negen principes van Pharos.",
        "Self-assessment of health inequality work for municipal teams, against Pharos' nine principles.",
    ),
    "cli.workspace": (
        "map met zelfscans (anders SELFCHECK_WORKSPACE of de gebruikersmap)",
        "folder with assessments (else SELFCHECK_WORKSPACE or the user data folder)",
    ),
    "cli.lang": ("taal van de interface: nl of en", "interface language: nl or en"),
    "cli.usage": ("gebruik:", "usage:"),
    "cli.options": ("opties", "options"),
    "cli.positionals": ("argumenten", "positional arguments"),
    "cli.commands": ("opdrachten", "commands"),
    "cli.help_help": ("toon deze hulp en stop", "show this help message and exit"),
    "cli.help_version": ("toon het versienummer en stop", "show the version number and exit"),
    "cli.help_file": ("het zelfscanbestand (.toml)", "the assessment file (.toml)"),
    "cli.help_open": ("open één zelfscan in de app", "open one assessment in the app"),
    "cli.help_new": (
        "maak een nieuwe zelfscan (een nieuwe ronde) en toon zijn pad",
        "create a new assessment (a new round) and print its path",
    ),
    "cli.help_new_q": (
        "de vragenlijst (zie: selfcheck questionnaires)",
        "the questionnaire (see: selfcheck questionnaires)",
    ),
    "cli.help_new_org": ("de organisatie, bijvoorbeeld de gemeente", "the organisation, e.g. the municipality"),
    "cli.help_new_team": ("het team binnen de organisatie", "the team within the organisation"),
    "cli.help_new_participant": (
        "een deelnemer (herhaal de optie voor elke deelnemer)",
        "a participant (repeat the option for each one)",
    ),
    "cli.help_new_voting": (
        "hoe er gescoord wordt: team (één teamscore), open of blind (stemmen per deelnemer)",
        "how scores are given: team (one team score), open or blind (votes per participant)",
    ),
    "cli.help_new_date": ("de datum van de ronde (standaard: vandaag)", "the date of the round (default: today)"),
    "cli.help_list": ("toon de zelfscans van de werkruimte", "list the workspace's assessments"),
    "cli.help_questionnaires": ("toon de vragenlijsten en kaders", "list the questionnaires and frameworks"),
    "cli.help_validate": (
        "controleer vragenlijsten, kaders en zelfscans",
        "check questionnaires, frameworks and assessments",
    ),
    "cli.help_validate_paths": (
        "bestanden of mappen (standaard: de hele werkruimte)",
        "files or folders (default: the whole workspace)",
    ),
    "cli.help_answer": (
        "beantwoord de open stellingen van een zelfscan regel voor regel (zonder volledig scherm)",
        "answer an assessment's open statements line by line (no full screen)",
    ),
    "cli.help_report": ("toon het rapport van een ronde als tekst", "print a round's report as text"),
    "cli.help_export": (
        "schrijf een managementrapport (html, pdf, md, csv, json of xlsx)",
        "write a management report (html, pdf, md, csv, json or xlsx)",
    ),
    "cli.help_export_files": (
        "één ronde, of meer rondes van één organisatie (gecombineerd rapport)",
        "one round, or several rounds of one organisation (combined report)",
    ),
    "cli.help_export_format": ("het formaat (standaard: html)", "the format (default: html)"),
    "cli.help_export_output": (
        "bestand of map om naar te schrijven (standaard: de map met rapporten)",
        "file or folder to write to (default: the reports folder)",
    ),
    "cli.help_compare": (
        "vergelijk twee rondes van dezelfde vragenlijst",
        "compare two rounds of the same questionnaire",
    ),
    "cli.help_compare_old": ("de eerdere ronde", "the earlier round"),
    "cli.help_compare_new": ("de latere ronde", "the later round"),
    "cli.help_demo": (
        "open de app met een voorbeeldgemeente (een eigen demo-werkruimte)",
        "open the app with an example municipality (a demo workspace of its own)",
    ),
    "cli.help_merge_driver": (
        "voor git: voeg twee versies van een zelfscan per stelling samen (zie selfcheck sync)",
        "for git: merge two versions of an assessment per statement (see selfcheck sync)",
    ),
    "cli.help_merge_base": ("de gemeenschappelijke versie", "the common version"),
    "cli.help_merge_ours": ("onze versie; het resultaat komt hier", "our version; the result goes here"),
    "cli.help_merge_theirs": ("hun versie", "their version"),
    "cli.help_merge_path": ("de naam van het bestand in de repository", "the file's name in the repository"),
    "cli.err_required": ("deze argumenten ontbreken: {args}", "the following arguments are required: {args}"),
    "cli.err_unrecognized": ("onbekende argumenten: {args}", "unrecognized arguments: {args}"),
    "cli.err_choice": (
        "argument {arg}: ongeldige keuze {value} (kies uit {choices})",
        "argument {arg}: invalid choice: {value} (choose from {choices})",
    ),
    "cli.err_command": (
        "onbekende opdracht {value} (kies uit {choices})",
        "invalid choice: {value} (choose from {choices})",
    ),
    "cli.err_one_value": ("argument {arg}: verwacht één waarde", "argument {arg}: expected one argument"),
    "cli.err_number": (
        "argument {arg}: geen geldig getal ({kind}): {value}",
        "argument {arg}: invalid {kind} value: {value}",
    ),
    "cli.err_no_value": (
        "argument {arg}: neemt geen waarde ({value})",
        "argument {arg}: ignored explicit argument {value}",
    ),
    "cli.error": ("fout: {detail}", "error: {detail}"),
    "cli.interrupted": ("afgebroken", "interrupted"),
    "cli.no_assessments": (
        "Nog geen zelfscans in {path}. Begin met: selfcheck new -q ID --org NAAM",
        "No assessments in {path} yet. Start with: selfcheck new -q ID --org NAME",
    ),
    "cli.broken_file": ("kapot bestand, overgeslagen: {detail}", "broken file, skipped: {detail}"),
    "cli.unknown_q": (
        "onbekende vragenlijst '{id}'; beschikbaar: {ids}",
        "unknown questionnaire '{id}'; available: {ids}",
    ),
    "cli.questionnaires": ("Vragenlijsten:", "Questionnaires:"),
    "cli.frameworks": ("Kaders:", "Frameworks:"),
    "cli.items": ("{n} stellingen", "{n} statements"),
    "cli.principles": ("{n} principes", "{n} principles"),
    "cli.answer_intro": (
        "{title} — {org}. Per stelling: 0–{max}, n (n.v.t.), w (weet niet), eventueel gevolgd door een spatie en een notitie. Lege regel: overslaan. q: stoppen.",
        "{title} — {org}. Per statement: 0–{max}, n (not applicable), w (don't know), optionally followed by a space and a note. Empty line: skip. q: stop.",
    ),
    "cli.answer_prompt": ("antwoord> ", "answer> "),
    "cli.answer_saved": ("opgeslagen: {item} = {value}", "saved: {item} = {value}"),
    "cli.answer_not_saved": (
        "{item} = {value} is NIET opgeslagen ({detail}); de antwoorden ervoor staan in het bestand",
        "{item} = {value} was NOT saved ({detail}); the answers before it are in the file",
    ),
    "cli.answer_bad": (
        "niet begrepen: '{text}'. Typ 0–{max}, n, w, q of een lege regel.",
        "not understood: '{text}'. Type 0–{max}, n, w, q or an empty line.",
    ),
    "cli.answer_done": (
        "Klaar: {answered} van {total} stellingen beantwoord.",
        "Done: {answered} of {total} statements answered.",
    ),
    "cli.answer_none_open": ("Alle stellingen zijn al beantwoord.", "All statements are answered already."),
    "cli.compare_title": ("Vergelijking {old} → {new}", "Comparison {old} → {new}"),
    "cli.compare_mismatch": (
        "de twee rondes horen bij verschillende vragenlijsten ({a} en {b})",
        "the two rounds belong to different questionnaires ({a} and {b})",
    ),
    "cli.demo_written": ("Demo-werkruimte: {path}", "Demo workspace: {path}"),
    "cli.version": ("selfcheck {version}", "selfcheck {version}"),
    "cli.ascii": (
        "teken alleen gewone tekens (# in plaats van █, v in plaats van ✓): voor een console die symbolen als vakjes toont; ook SELFCHECK_ASCII=1",
        "draw plain characters only (# for █, v for ✓): for a console that shows symbols as boxes; SELFCHECK_ASCII=1 too",
    ),
    "cli.report_output": (
        "schrijf het rapport naar dit bestand (UTF-8) in plaats van naar het scherm",
        "write the report to this file (UTF-8) instead of the screen",
    ),
    "cli.report_output_dir": (
        "{path} is een map: geef een bestandsnaam, bijvoorbeeld rapport.txt",
        "{path} is a folder: give a file name, e.g. report.txt",
    ),
    "cli.answer_not_utf8": (
        'let op: regel {line} van de invoer is geen UTF-8-tekst; gelezen als Windows-1252: "{text}" (klopt dat niet, sla de invoer dan op als UTF-8)',
        'note: line {line} of the input is not UTF-8 text; read as Windows-1252: "{text}" (if that is wrong, save the input as UTF-8)',
    ),
    "cli.no_app": ("de app kan niet starten: {detail}", "the app cannot start: {detail}"),
    # --- the app: key labels (footer, help screen, command palette)
    "k.accept_median": ("mediaan als teamscore", "median as team score"),
    "k.add_action": ("nieuwe actie", "new action"),
    "k.agenda": ("agenda", "agenda"),
    "k.back": ("terug", "back"),
    "k.browse": ("bladeren", "browse"),
    "k.cancel": ("annuleren", "cancel"),
    "k.clear": ("antwoord wissen", "clear answer"),
    "k.combined": ("gecombineerd profiel", "combined profile"),
    "k.compare": ("vergelijken", "compare"),
    "k.compare_prev": ("vergelijk met vorige ronde", "compare with previous round"),
    "k.complete": ("klaar / weer open", "done / reopen"),
    "k.delete": ("verwijderen", "delete"),
    "k.drill": ("stellingen", "statements"),
    "k.edit": ("bewerken", "edit"),
    "k.export": ("exporteren", "export"),
    "k.flag": ("bespreken", "discuss"),
    "k.help": ("hulp", "help"),
    "k.item_help": ("toelichting", "explanation"),
    "k.keep": ("bewaren", "keep"),
    "k.make_action": ("actie maken", "make action"),
    "k.toggle": ("aan/uit", "on/off"),
    "k.present": ("presentatie", "presentation"),
    "k.language": ("taal: Nederlands / English", "language: Nederlands / English"),
    "k.mark": ("markeren om te vergelijken", "mark to compare"),
    "k.na": ("n.v.t.", "n/a"),
    "k.new": ("nieuw", "new"),
    "k.new_round": ("nieuwe ronde", "new round"),
    "k.next": ("volgende", "next"),
    "k.next_open": ("volgende open", "next open"),
    "k.note": ("notitie", "note"),
    "k.open": ("openen", "open"),
    "k.open_item": ("stelling openen", "open statement"),
    "k.plan": ("actieplan", "action plan"),
    "k.previous": ("vorige", "previous"),
    "k.quit": ("afsluiten", "quit"),
    "k.remove": ("verwijderen", "remove"),
    "k.results": ("scores", "scores"),
    "k.reveal": ("onthullen", "reveal"),
    "k.row_down": ("volgende deelnemer", "next participant"),
    "k.row_up": ("vorige deelnemer", "previous participant"),
    "k.save": ("nu opslaan", "save now"),
    "k.score": ("score geven (of stem van de deelnemer met ▸)", "score (or the vote of the participant marked ▸)"),
    "k.sort": ("sorteren", "sort"),
    "k.sort_gap": ("sorteer op verschil met doel", "sort by distance to target"),
    "k.target": ("doel", "target"),
    "k.unknown": ("weet niet", "don't know"),
    # --- the app: screens
    "ui.accept_median_hint": (
        "Enter: de mediaan wordt de teamscore. Of typ zelf de teamscore.",
        "Enter: the median becomes the team score. Or type the team score yourself.",
    ),
    "ui.action_hint": (
        "Enter: volgend veld · ctrl+s: bewaren · esc: annuleren",
        "Enter: next field · ctrl+s: keep · esc: cancel",
    ),
    "ui.action_title": ("Actie", "Action"),
    "ui.action_made": ("Actie bewaard: {what}", "Action kept: {what}"),
    "ui.actions_intro": (
        "n: nieuwe actie · enter: bewerken · spatie: klaar · d: verwijderen",
        "n: new action · enter: edit · space: done · d: remove",
    ),
    "ui.agenda_intro": (
        "Bespreek eerst waar het team het oneens was, dan wat gevlagd is, dan wat niemand wist. Enter opent de stelling.",
        "Discuss first where the team disagreed, then what was flagged, then what nobody knew. Enter opens the statement.",
    ),
    "ui.all_answered": ("Alle stellingen zijn beantwoord.", "All statements are answered."),
    "ui.all_voted_reveal": (
        "Iedereen heeft gestemd. Druk r om de stemmen te onthullen.",
        "Everyone has voted. Press r to reveal the votes.",
    ),
    "ui.bad_date": (
        "'{text}' is geen datum. Schrijf bijvoorbeeld 2027-03-31 of 31-03-2027.",
        "'{text}' is not a date. Write for example 2027-03-31 or 31-03-2027.",
    ),
    "ui.blind_turn": (
        "Beurt van {name}: kies een score. De andere stemmen blijven verborgen.",
        "{name}'s turn: choose a score. The other votes stay hidden.",
    ),
    "ui.broken_files": (
        "⚠ {n} {n|bestand|bestanden} overgeslagen omdat ze kapot zijn. Eerste: {first}",
        "⚠ {n} {n|file|files} skipped because they are broken. First: {first}",
    ),
    "ui.closed_actions": ("{n} {n|actie|acties} afgerond", "{n} {n|action|actions} closed"),
    "ui.col_actions": ("Acties", "Actions"),
    "ui.col_basis": ("Basis", "Basis"),
    "ui.overall_withheld": ("– (te weinig antwoorden)", "– (too few answers)"),
    "ui.col_progress": ("Voortgang", "Progress"),
    "ui.compare": ("vergelijking", "comparison"),
    "ui.compare_how": (
        "Geen vorige ronde gevonden. Markeer een ronde met spatie en kies dan een andere met v.",
        "No previous round found. Mark a round with space, then choose another with v.",
    ),
    "ui.confirm_delete": (
        "De zelfscan {name} verwijderen? Hij gaat naar de prullenbak van de werkruimte (assessments/.trash) en is daar terug te halen.",
        "Delete the assessment {name}? It goes to the workspace's bin (assessments/.trash) and can be restored from there.",
    ),
    "ui.confirm_remove_action": ("Actie '{what}' verwijderen?", "Remove action '{what}'?"),
    "ui.delete_yes": ("Ja, verwijderen", "Yes, delete"),
    "ui.deleted": ("Verplaatst naar {path}", "Moved to {path}"),
    "ui.due_label": ("Wanneer klaar (datum)", "Due (date)"),
    "ui.due_placeholder": ("bijv. 31-03-2027 (leeg: geen datum)", "e.g. 2027-03-31 (empty: no date)"),
    "ui.due_in_past": ("Deze datum is al voorbij. Toch bewaren?", "This date has already passed. Keep it anyway?"),
    "ui.keep_yes": ("Ja, bewaren", "Yes, keep"),
    "ui.enter_escape": ("Enter: kiezen · esc: annuleren", "Enter: choose · esc: cancel"),
    "ui.export_title": ("Exporteren voor het management", "Export for management"),
    "ui.exported": ("Geschreven: {path}", "Written: {path}"),
    "ui.exporting": ("bezig met schrijven", "writing"),
    "ui.export_exists": ("{name} bestaat al. Wat wilt u doen?", "{name} exists already. What do you want to do?"),
    "ui.export_replace": ("Vervangen door het nieuwe verslag", "Replace it with the new report"),
    "ui.export_new_name": ("Nieuw bestand maken: {name}", "Make a new file: {name}"),
    "ui.export_not_written": (
        "Niet geschreven: het bestaande bestand is niet veranderd.",
        "Not written: the existing file is unchanged.",
    ),
    "ui.open_keys": ("o: bestand openen · m: map openen", "o: open the file · m: open its folder"),
    "ui.open_not_web": ("In de browser komt het bestand als download.", "In the browser the file comes as a download."),
    "ui.open_not_ssh": (
        "Openen kan hier niet: u werkt op afstand (SSH). Het bestand staat op de computer op afstand, hierboven.",
        "Cannot open it here: you work remotely (SSH). The file is on the remote computer, named above.",
    ),
    "ui.open_no_display": (
        "Openen kan hier niet: er is geen beeldscherm met vensters. Het bestand staat hierboven.",
        "Cannot open it here: there is no desktop with windows. The file is named above.",
    ),
    "ui.open_no_program": (
        "Openen kan hier niet: xdg-open ontbreekt. Het bestand staat hierboven.",
        "Cannot open it here: xdg-open is missing. The file is named above.",
    ),
    "ui.open_failed": ("Openen lukte niet: {detail}", "Could not open it: {detail}"),
    "ui.flagged": ("bespreken", "to discuss"),
    "ui.format_html": ("HTML: rapport om te openen en te printen (A4)", "HTML: report to open and print (A4)"),
    "ui.format_pdf": ("PDF: hetzelfde rapport als PDF", "PDF: the same report as PDF"),
    "ui.format_md": ("Markdown: voor een wiki of Teams", "Markdown: for a wiki or Teams"),
    "ui.format_csv": ("CSV: één regel per stelling, voor Excel", "CSV: one row per statement, for Excel"),
    "ui.format_json": ("JSON: alle resultaten, voor andere software", "JSON: all results, for other software"),
    "ui.format_xlsx": (
        "Excel: principes, stellingen en acties in een werkmap",
        "Excel: principles, statements and actions in a workbook",
    ),
    "ui.home_empty": (
        "Nog geen zelfscans. Druk n voor een nieuwe zelfscan.",
        "No assessments yet. Press n for a new assessment.",
    ),
    "ui.home_intro": (
        "{n} {n|zelfscan|zelfscans}, gesorteerd op {sort}. Enter opent, n is nieuw, r is een nieuwe ronde.",
        "{n} {n|assessment|assessments}, sorted by {sort}. Enter opens, n is new, r is a new round.",
    ),
    "ui.home_title": ("zelfscans", "assessments"),
    "ui.key": ("toets", "key"),
    "ui.language_now": ("Taal: Nederlands", "Language: English"),
    "ui.links_label": ("Hoort bij (spatie: aan of uit)", "Linked to (space: on or off)"),
    "ui.link_item": ("Stelling: {text}", "Statement: {text}"),
    "ui.key_space": ("spatie", "space"),
    "ui.linked_to": ("Hoort bij: {links}", "Linked to: {links}"),
    "ui.marked": ("Gemarkeerd. Kies nu een andere ronde en druk v.", "Marked. Now choose another round and press v."),
    "ui.median_between": (
        "De mediaan ligt tussen twee scores in. Kies samen de teamscore.",
        "The median lies between two scores. Choose the team score together.",
    ),
    "ui.median_mark": (
        "~ = mediaan van de stemmen (geen teamscore vastgelegd)",
        "~ = median of the votes (no team score recorded)",
    ),
    "ui.no": ("Nee", "No"),
    "ui.not_on_scale": ("{value} staat niet op de schaal ({min}–{max})", "{value} is not on the scale ({min}–{max})"),
    "ui.not_saved": ("niet opgeslagen", "not saved"),
    "ui.note_hint": ("ctrl+s of esc: bewaren", "ctrl+s or esc: keep"),
    "ui.note_title": ("Notitie bij {item}", "Note on {item}"),
    "ui.org_placeholder": ("bijv. Gemeente Voorbeeldstad", "e.g. Municipality of Exampletown"),
    "ui.org_required": ("Vul de organisatie in.", "Fill in the organisation."),
    "ui.palette": ("alle opdrachten zoeken", "search all commands"),
    "ui.participants_label": ("Deelnemers (namen met komma's)", "Participants (names separated by commas)"),
    "ui.participants_placeholder": ("namen, gescheiden door komma's", "names, separated by commas"),
    "ui.participants_double": (
        "Deze naam staat er twee keer in: {names}. Maak de namen verschillend (bijv. met een achternaam).",
        "This name is there twice: {names}. Make the names different (e.g. with a surname).",
    ),
    "ui.wizard_summary": (
        "Klopt dit?\n\nVragenlijst: {questionnaire}\nOrganisatie: {org}\nTeam: {team}\nDeelnemers: {people}\nStemmen: {voting}\nDatum: {date}",
        "Is this right?\n\nQuestionnaire: {questionnaire}\nOrganisation: {org}\nTeam: {team}\nParticipants: {people}\nVoting: {voting}\nDate: {date}",
    ),
    "ui.wizard_create": ("Aanmaken", "Create"),
    "ui.q_duration": (
        "{n} {n|stelling|stellingen} · reken op {low} tot {high} minuten met bespreking",
        "{n} {n|statement|statements} · plan {low} to {high} minutes with discussion",
    ),
    "ui.q_audience": ("Wie erbij: {who}", "Who should be there: {who}"),
    "ui.participants_required": ("Bij stemmen zijn deelnemers nodig.", "Voting needs participants."),
    "ui.position": ("{section} · deel {s}/{S} · stelling {n}/{N}", "{section} · part {s}/{S} · statement {n}/{N}"),
    "ui.previous_round": ("Vorige ronde", "Previous round"),
    "ui.previous_note": ("Notitie vorige ronde", "Note of the previous round"),
    "ui.principle_numbers": (
        "Score {score} · doel {target} · kloof {gap} · {scored} van {applicable} stellingen met een score ({coverage})",
        "Score {score} · target {target} · gap {gap} · {scored} of {applicable} statements scored ({coverage})",
    ),
    "ui.progress": ("{answered} van {total} beantwoord", "{answered} of {total} answered"),
    "ui.read_only": ("alleen lezen", "read-only"),
    "ui.remove_yes": ("Ja, verwijderen", "Yes, remove"),
    "ui.results": ("scores", "scores"),
    "ui.results_legend": (
        "│ = doel · kloof en trend in procentpunten · basis = stellingen met score · ◦ = smalle basis · ? = te weinig antwoorden · † = werktitel · ≠ = onenigheid · ▪ = open acties · enter: uitleg",
        "│ = target · gap and trend in percentage points · basis = statements with a score · ◦ = narrow basis · ? = too few answers · † = working title · ≠ = disagreement · ▪ = open actions · enter: explanation",
    ),
    "ui.results_summary": (
        "{answered} van {total} stellingen beantwoord · totaal {overall}",
        "{answered} of {total} statements answered · overall {overall}",
    ),
    "ui.reveal_first": (
        "Eerst stemmen alle deelnemers en onthult u de stemmen (r).",
        "First all participants vote and you reveal the votes (r).",
    ),
    "ui.close_unsaved": (
        "Nog niet opgeslagen, daarom blijft het open. Nog een keer om toch te sluiten: wat niet is opgeslagen gaat dan verloren.",
        "Not saved yet, so it stays open. Once more to close anyway: what is not saved is then lost.",
    ),
    "ui.save_retry": (
        "Het antwoord staat nog op het scherm; we proberen het opnieuw.",
        "The answer is still on screen; we will try again.",
    ),
    "ui.saved": ("opgeslagen", "saved"),
    "ui.saving": ("opslaan…", "saving…"),
    "ui.sort_organisation": ("organisatie", "organisation"),
    "ui.sort_date": ("datum", "date"),
    "ui.sort_questionnaire": ("vragenlijst", "questionnaire"),
    "ui.sort_progress": ("voortgang", "progress"),
    "ui.sort_overall": ("totaalscore", "overall score"),
    "ui.sorted_by_gap": ("(gesorteerd op kloof)", "(sorted by gap)"),
    "ui.target_bad": ("Geef een getal van 0 tot 100.", "Give a number from 0 to 100."),
    "ui.target_title": ("Doel voor {principle} (0–100%)", "Target for {principle} (0–100%)"),
    "ui.team_placeholder": ("bijv. Programmateam Gezond", "e.g. Programme team Healthy"),
    "ui.team_score": ("Teamscore", "Team score"),
    "ui.disagreement": ("onenigheid", "disagreement"),
    "ui.votes": ("Stemmen (↑↓ kiest de deelnemer)", "Votes (↑↓ picks the participant)"),
    "ui.compared_on": ("Op stell.", "On stmts"),
    "ui.export_votes": ("Stemmen: {choice} · n: wijzigen", "Votes: {choice} · n: change"),
    "k.export_votes": ("stemmen in het verslag", "votes in the report"),
    "k.open_file": ("bestand openen", "open the file"),
    "k.open_folder": ("map openen", "open its folder"),
    "ui.distribution": ("verdeling", "distribution"),
    "ui.votes_blind": ("Blind stemmen: ✓ = heeft gestemd", "Blind voting: ✓ = has voted"),
    # --- voting from phones (selfcheck/devices/): the phone pages, then the shared screen and the CLI
    "dv.title": ("Stemmen", "Voting"),
    "dv.join_heading": ("Wie ben je?", "Who are you?"),
    "dv.join_intro": (
        "Kies je eigen naam. Daarna stem je op dit apparaat.",
        "Pick your own name. Then you vote on this device.",
    ),
    "dv.join_legend": ("Kies je naam", "Pick your name"),
    "dv.taken": ("al op een ander apparaat", "already on another device"),
    "dv.code_heading": ("Typ de code", "Type the code"),
    "dv.code_intro": ("De code staat op het grote scherm.", "The code is on the big screen."),
    "dv.code_label": ("Code", "Code"),
    "dv.code_button": ("Verder", "Continue"),
    "dv.code_wrong": (
        "Deze code klopt niet. Kijk nog eens op het grote scherm.",
        "This code is not right. Look at the big screen again.",
    ),
    "dv.code_off": (
        "Een code typen kan niet meer. Scan de QR-code op het grote scherm.",
        "Typing a code no longer works. Scan the QR code on the big screen.",
    ),
    "dv.bad_link": (
        "Deze link werkt niet (meer). Scan de QR-code op het grote scherm opnieuw.",
        "This link does not work (any more). Scan the QR code on the big screen again.",
    ),
    "dv.unknown_device": (
        "Dit apparaat is niet (meer) aangemeld. Scan de QR-code op het grote scherm opnieuw.",
        "This device is not signed in (any more). Scan the QR code on the big screen again.",
    ),
    "dv.moved": (
        "Je naam is nu op een ander apparaat. Stem daar verder.",
        "Your name is now on another device. Go on voting there.",
    ),
    "dv.refused": ("De begeleider heeft dit apparaat niet toegelaten.", "The facilitator did not let this device in."),
    "dv.waiting": (
        "Je naam is al op een ander apparaat. De begeleider moet dit eerst goedkeuren. Even wachten …",
        "Your name is already on another device. The facilitator has to approve this first. Please wait …",
    ),
    "dv.as_name": ("Je stemt als {name}.", "You vote as {name}."),
    "dv.statement": ("Stelling {n} van {total}", "Statement {n} of {total}"),
    "dv.help": ("Uitleg bij de stelling", "About this statement"),
    "dv.choices_label": ("Kies je antwoord", "Choose your answer"),
    "dv.vote_in": (
        "✓ Je stem is binnen: {value}. Je kunt hem nog veranderen.",
        "✓ Your vote is in: {value}. You can still change it.",
    ),
    "dv.yours": ("Jouw stem: {value}.", "Your vote: {value}."),
    "dv.no_vote": ("Je hebt nog niet gestemd.", "You have not voted yet."),
    "dv.clear": ("Mijn stem weghalen", "Take back my vote"),
    "dv.sending": ("Bezig met versturen …", "Sending …"),
    "dv.not_received": (
        "✗ Je stem is niet aangekomen. Probeer het nog een keer.",
        "✗ Your vote did not arrive. Please try again.",
    ),
    "dv.not_saved": (
        "✗ Je stem kon niet worden bewaard. Probeer het nog een keer. Gaat het weer mis? Zeg het tegen de begeleider.",
        "✗ Your vote could not be stored. Please try again. Does it fail again? Tell the facilitator.",
    ),
    "dv.closed": (
        "De stemmen zijn zichtbaar gemaakt. Stemmen kan niet meer.",
        "The votes have been shown. Voting is closed.",
    ),
    "dv.moved_on": (
        "De begeleider is al verder. Hier is de stelling van nu.",
        "The facilitator has moved on. Here is the current statement.",
    ),
    "dv.bad_value": ("Deze keuze bestaat niet.", "This choice does not exist."),
    "dv.unknown_name": ("Deze naam staat niet op de lijst.", "This name is not on the list."),
    "dv.distribution": ("Zo heeft het team gestemd ({n} stemmen)", "How the team voted ({n} votes)"),
    "dv.offline": ("Geen verbinding. We proberen het opnieuw …", "No connection. Trying again …"),
    "dv.stopped": (
        "Het stemmen is gestopt. Je kunt dit venster sluiten.",
        "Voting has stopped. You can close this window.",
    ),
    "dv.rate": (
        "Even rustig aan. Probeer het over een paar seconden opnieuw.",
        "Slow down a little. Try again in a few seconds.",
    ),
    "dv.forbidden": (
        "Dit verzoek komt niet van de stempagina. Het is geweigerd.",
        "This request did not come from the voting page. It was refused.",
    ),
    "dv.wrong_host": ("Dit adres hoort niet bij deze stemronde.", "This address does not belong to this voting round."),
    "dv.error": ("Er ging iets mis. Probeer het opnieuw.", "Something went wrong. Please try again."),
    "dv.panel_title": ("Stemmen vanaf telefoons", "Voting from phones"),
    "dv.scan": ("Scan de QR-code of open: {url}", "Scan the QR code or open: {url}"),
    "dv.or_code": ("Of ga naar {url} en typ de code {code}", "Or go to {url} and type the code {code}"),
    "dv.listening": ("Luistert op {address}", "Listening on {address}"),
    "dv.listening_public": (
        "Luistert op {address}; deelnemers komen via {url}",
        "Listening on {address}; participants come in through {url}",
    ),
    "dv.status_line": (
        "📱 {joined}/{total} telefoons · luistert op {address} · code {code} · v: QR, stoppen",
        "📱 {joined}/{total} phones · listening on {address} · code {code} · v: QR, stop",
    ),
    "dv.panel_keys": (
        "escape terug naar de stelling (het stemmen gaat door) · s stoppen",
        "escape back to the statement (voting goes on) · s stop",
    ),
    "dv.where_question": ("Waar mogen telefoons vandaan verbinden?", "Where may phones connect from?"),
    "dv.where_lan": (
        "Telefoons op dit wifi-netwerk (luistert op {address})",
        "Phones on this Wi-Fi network (listens on {address})",
    ),
    "dv.where_local": (
        "Alleen deze computer (127.0.0.1; achter een proxy of om te proberen)",
        "Only this computer (127.0.0.1; behind a proxy, or to try it out)",
    ),
    "dv.voted_count": (
        "Gestemd via telefoon: {done} van {total}. Onthullen met r.",
        "Voted by phone: {done} of {total}. Reveal with r.",
    ),
    "dv.qr_too_small": (
        "Het venster is te klein voor de QR-code: maak het groter, of gebruik het adres of de code.",
        "The window is too small for the QR code: make it larger, or use the address or the code.",
    ),
    "dv.joined_list": ("Aangemeld: {names}", "Joined: {names}"),
    "dv.nobody_yet": ("Nog niemand aangemeld.", "Nobody has joined yet."),
    "dv.started": ("Stemmen vanaf telefoons staat aan: {url}", "Voting from phones is on: {url}"),
    "dv.ended": (
        "Stemmen vanaf telefoons is gestopt. De server is dicht.",
        "Voting from phones has stopped. The server is closed.",
    ),
    "dv.need_participants": (
        "Stemmen vanaf telefoons kan alleen met deelnemers en open of blind stemmen.",
        "Voting from phones needs participants and open or blind voting.",
    ),
    "dv.read_only": (
        "Dit bestand is alleen-lezen geopend: stemmen vanaf telefoons kan niet.",
        "This file is open read-only: voting from phones is not possible.",
    ),
    "dv.start_failed": ("De stemserver kon niet starten: {detail}", "The voting server could not start: {detail}"),
    "dv.confirm": (
        "{name} wil stemmen vanaf een tweede apparaat. Toestaan? Het eerste apparaat kan dan niet meer stemmen.",
        "{name} wants to vote from a second device. Allow it? The first device then can no longer vote.",
    ),
    "dv.allow": ("Toestaan", "Allow"),
    "dv.refuse": ("Weigeren", "Refuse"),
    "dv.absent": ("afwezig", "absent"),
    "dv.not_saved_screen": (
        "Een stem van een telefoon is niet bewaard: {detail}",
        "A vote from a phone was not stored: {detail}",
    ),
    "dv.cli_help": (
        "stemmen vanaf telefoons, zonder het volledige scherm (voor scripts)",
        "voting from phones, without the full screen (for scripts)",
    ),
    "dv.cli_host": (
        "het adres waarop de server luistert (standaard 127.0.0.1: alleen deze computer; 0.0.0.0: het hele netwerk)",
        "the address the server listens on (default 127.0.0.1: this computer only; 0.0.0.0: the whole network)",
    ),
    "dv.cli_port": ("de poort (standaard 0: een vrije poort)", "the port (default 0: a free port)"),
    "dv.cli_public_url": (
        "het adres waarop deelnemers de server bereiken via een HTTPS-proxy, bijv. https://stem.example.nl",
        "the address where participants reach the server through an HTTPS proxy, e.g. https://vote.example.org",
    ),
    "dv.cli_trust_proxy": (
        "vertrouw X-Forwarded-For en X-Forwarded-Proto van de proxy (alleen achter een eigen proxy)",
        "trust X-Forwarded-For and X-Forwarded-Proto from the proxy (only behind your own proxy)",
    ),
    "dv.cli_item": (
        "begin bij deze stelling (id); standaard de eerste open stelling",
        "start at this statement (id); default the first open statement",
    ),
    "dv.cli_join": ("Deelnemers openen: {url}", "Participants open: {url}"),
    "dv.cli_commands": (
        "Typ en druk op Enter: n volgende · p vorige · r onthullen · a NAAM afwezig · ok NAAM toestaan · nee NAAM weigeren · q stoppen",
        "Type and press Enter: n next · p previous · r reveal · a NAME absent · ok NAME allow · nee NAME refuse · q stop",
    ),
    "dv.cli_now": ("Nu: stelling {n} van {total} ({id}): {text}", "Now: statement {n} of {total} ({id}): {text}"),
    "dv.cli_voted": ("Gestemd: {done} van {total}", "Voted: {done} of {total}"),
    "dv.cli_revealed": ("Onthuld: {dist}", "Revealed: {dist}"),
    "dv.cli_joined": ("{name} doet mee", "{name} has joined"),
    "dv.cli_confirm": (
        "{name} wil stemmen vanaf een tweede apparaat: typ ok {name} of nee {name}",
        "{name} wants to vote from a second device: type ok {name} or nee {name}",
    ),
    "dv.cli_stopped": ("Gestopt. Alle stemmen zijn bewaard.", "Stopped. Every vote is stored."),
    "dv.cli_unknown": ("Onbekende opdracht: {text}", "Unknown command: {text}"),
    "k.devices": ("stemmen via telefoon", "voting by phone"),
    "k.absent": ("afwezig", "absent"),
    "k.devices_stop": ("stoppen", "stop"),
    "ui.what_it_does": ("wat het doet", "what it does"),
    "ui.what_required": ("Beschrijf wat er gebeurt.", "Describe what will happen."),
    "ui.wizard_hint": (
        "Enter: volgende stap · tab: volgend veld · esc: annuleren",
        "Enter: next step · tab: next field · esc: cancel",
    ),
    "ui.wizard_q": ("Vragenlijst", "Questionnaire"),
    "ui.wizard_title": ("Nieuwe zelfscan", "New assessment"),
    "ui.working_title_note": (
        "de naam van dit principe is nog niet bevestigd door de bron.",
        "the name of this principle is not yet confirmed by the source.",
    ),
    "ui.reconstructed_note": (
        "‡ gereconstrueerd: de oorspronkelijke tekst van de bron was niet te lezen.",
        "‡ reconstructed: the original text of the source could not be read.",
    ),
    "ui.yes": ("Ja", "Yes"),
    "ui.benchmark_method_short": (
        "Alleen de laatste ronde per organisatie telt. Over minder dan {n} organisaties tonen we niets, en nooit de laagste of hoogste score. Plaats: van hoog naar laag; tussen haakjes het deel van de anderen dat lager scoort.",
        "Only each organisation's latest round counts. Nothing about fewer than {n} organisations is shown, and never the lowest or highest score. Rank: high to low; in brackets the share of the others that score lower.",
    ),
    "k.benchmark": ("vergelijken met andere organisaties", "compare with other organisations"),
    "k.conflict": ("conflict bekijken", "review conflict"),
    "ui.conflict_line": (
        "⚠ Conflict na samenvoegen: de andere versie zei {value} ({who}). c: bekijken",
        "⚠ Conflict after merging: the other version said {value} ({who}). c: review",
    ),
    "ui.conflicts_elsewhere": (
        "⚠ {n} {n|conflict|conflicten} bij andere stellingen: c gaat erheen",
        "⚠ {n} {n|conflict|conflicts} on other statements: c goes there",
    ),
    "ui.no_conflicts": ("Geen conflicten om te bekijken.", "No conflicts to review."),
    "ui.conflict_question": (
        "Twee versies van dit antwoord. Hier: {mine}. Andere versie ({who}): {other}. {note}",
        "Two versions of this answer. Here: {mine}. Other version ({who}): {other}. {note}",
    ),
    "ui.conflict_take": ("De andere versie overnemen", "Take the other version"),
    "ui.conflict_keep": ("Deze versie houden (de andere vervalt)", "Keep this version (drop the other)"),
    "ui.cmd_theme": ("kleuren (thema) kiezen", "choose colours (theme)"),
    "ui.cmd_theme_help": (
        "de ANSI-thema's volgen de kleuren van uw terminal",
        "the ANSI themes follow your terminal's colours",
    ),
    "ui.answer_keys": (
        "0–{max} score · n n.v.t. · w weet niet · m notitie · f bespreken · ? alle toetsen",
        "0–{max} score · n n/a · w don't know · m note · f discuss · ? all keys",
    ),
    "ui.moved_summary": (
        "{n} {n|stelling|stellingen} verschoven, {big} met 2 of meer (‼)",
        "{n} {n|statement|statements} moved, {big} by 2 or more (‼)",
    ),
    "ui.new_disagreements": ("nieuwe onenigheid", "new disagreement"),
    "ui.resolved_disagreements": ("onenigheid opgelost", "disagreement resolved"),
    "k.carry_on": ("actie loopt door", "action continues"),
    "k.drop": ("actie vervalt", "drop action"),
    "ui.carried": (
        "{n} open {n|actie|acties} uit de vorige ronde meegenomen om te bekijken.",
        "{n} open {n|action|actions} carried over from the previous round for review.",
    ),
    "ui.round_title": ("Nieuwe ronde: {org} · {what}", "New round: {org} · {what}"),
    "ui.round_date_label": (
        "Datum van de sessie (vandaag, of eerder als u op papier werkte)",
        "Date of the session (today, or earlier for a session held on paper)",
    ),
    "ui.round_future": (
        "Die datum is nog niet geweest. Kies vandaag of een eerdere dag.",
        "That date has not come yet. Choose today or an earlier day.",
    ),
    "ui.round_before_previous": (
        "Die datum ligt vóór de vorige ronde ({date}). Kies die dag of later.",
        "That date is before the previous round ({date}). Choose that day or later.",
    ),
    "ui.round_takes": (
        "Mee: de {n} {n|deelnemer|deelnemers}, de doelen en de manier van stemmen ({voting}).",
        "Taken over: the {n} {n|participant|participants}, the targets and the voting ({voting}).",
    ),
    "ui.round_actions": (
        "{n} open {n|actie gaat|acties gaan} mee om te bekijken.",
        "{n} open {n|action is|actions are} carried over for review.",
    ),
    "ui.round_no_actions": ("Er zijn geen open acties om mee te nemen.", "There are no open actions to carry over."),
    "ui.round_previous": (
        "Bij elke stelling staan de score en de notitie van de vorige ronde ({date}).",
        "Each statement shows the score and the note of the previous round ({date}).",
    ),
    "ui.round_hint": ("Enter: ronde maken · esc: annuleren", "Enter: make the round · esc: cancel"),
    "ui.actions_review": (
        "↻ {n} {n|actie|acties} uit de vorige ronde om te bekijken: spatie = klaar, c = loopt door, x = vervalt.",
        "↻ {n} {n|action|actions} from the previous round to review: space = done, c = continues, x = dropped.",
    ),
    "ui.palette_short": ("opdrachten", "commands"),
    "ui.palette_placeholder": ("Zoek een opdracht…", "Search for a command…"),
    "ui.quit_title": ("Wilt u stoppen?", "Do you want to quit?"),
    "ui.quit_how": (
        "Druk ctrl+q om selfcheck af te sluiten (op de lijst met zelfscans ook q). Alles is al opgeslagen.",
        "Press ctrl+q to close selfcheck (on the list of assessments q too). Everything is saved already.",
    ),
    "ui.read_only_votes": (
        "Alleen lezen: deze zelfscan is in een ander venster open. Stemmen en scores geeft u daar.",
        "Read-only: this assessment is open in another window. Votes and scores are given there.",
    ),
    "ui.present_keys": ("z: terug naar het gewone scherm", "z: back to the normal screen"),
    "k.themes": ("thema's", "themes"),
    "k.discuss_theme": ("thema bespreken", "discuss theme"),
    "k.framework": ("ander kader", "other framework"),
    "ui.step": ("Stap {n}", "Step {n}"),
    "ui.theme": ("Thema", "Theme"),
    "ui.themes_hint": (
        "Enter: thema bespreken (notitie) · p: actie voor dit thema",
        "Enter: discuss the theme (note) · p: action for this theme",
    ),
    "ui.col_items": ("Klaar", "Done"),
    "ui.discuss_questions": ("om te bespreken:", "to discuss:"),
    "ui.no_steps": ("Deze vragenlijst heeft geen stappen.", "This questionnaire has no steps."),
    "ui.one_framework": (
        "De stellingen van deze vragenlijst dienen maar één kader.",
        "This questionnaire's statements serve one framework only.",
    ),
    "ui.framework_now": ("Kader: {name}", "Framework: {name}"),
    # --- values and labels shared by report, app and exports
    "val.na": ("n.v.t.", "n/a"),
    "x.trend_basis_part": ("vergeleken op {n} van {of} stellingen", "compared on {n} of {of} statements"),
    "x.trend_basis_all": ("vergeleken op alle {n} stellingen", "compared on all {n} statements"),
    "x.trend_rule": (
        "Verschil in procentpunten, alleen over stellingen met een score in beide rondes.",
        "Difference in percentage points, only over statements with a score in both rounds.",
    ),
    "x.trend_span": ("{start} → {end}, {basis}", "{start} → {end}, {basis}"),
    "x.whole_rounds": ("hele rondes: {old} → {new}", "whole rounds: {old} → {new}"),
    "x.trend_rule_scores": (
        "Beide scores en het verschil gaan over dezelfde stellingen: die met een score in beide rondes"
        " (procentpunten). 'Hele rondes': elke ronde over al haar stellingen, zoals in haar eigen rapport.",
        "Both scores and the difference are over the same statements: those with a score in both rounds"
        " (percentage points). 'Whole rounds': each round over all its statements, as in its own report.",
    ),
    "x.trend_shifted": (
        "Op dezelfde stellingen, anders dan de rondes zelf: {list}.",
        "On the same statements, unlike the rounds themselves: {list}.",
    ),
    "ui.col_whole_rounds": ("Hele rondes", "Whole rounds"),
    "val.points": ("{n} procentpunten", "{n} percentage points"),
    "val.points_one": ("{n} procentpunt", "{n} percentage point"),
    "val.unknown": ("weet niet", "don't know"),
    "val.open": ("open", "open"),
    "val.median": ("mediaan", "median"),
    "val.consensus": ("teamscore", "team score"),
    "val.too_few": ("te weinig antwoorden", "too few answers"),
    "val.working_title": ("werktitel", "working title"),
    "val.yes": ("ja", "yes"),
    "val.no": ("nee", "no"),
    "voting.team": ("alleen teamscore", "team score only"),
    "voting.open": ("open stemmen", "open votes"),
    "voting.blind": ("blind stemmen", "blind votes"),
    "status.open": ("open", "open"),
    "status.busy": ("bezig", "in progress"),
    "status.done": ("klaar", "done"),
    "status.dropped": ("vervallen", "dropped"),
    # --- report (text)
    "r.title": ("Uitslag van de zelfscan", "Self-assessment results"),
    "r.organisation": ("Organisatie", "Organisation"),
    "r.team": ("Team", "Team"),
    "r.questionnaire": ("Vragenlijst", "Questionnaire"),
    "r.version": ("versie", "version"),
    "r.date": ("Datum", "Date"),
    "r.participants": ("Deelnemers", "Participants"),
    "r.voting": ("Stemwijze", "Voting"),
    "r.progress": ("Voortgang", "Progress"),
    "r.progress_value": ("{answered} van {total} stellingen beantwoord", "{answered} of {total} statements answered"),
    "r.overall": ("Totaal", "Overall"),
    "r.principles": ("Principes", "Principles"),
    "r.col_principle": ("Principe", "Principle"),
    "r.col_score": ("Score", "Score"),
    "r.col_target": ("Doel", "Target"),
    "r.col_gap": ("Kloof", "Gap"),
    "r.col_disagree": ("Oneens", "Disagree"),
    "r.col_trend": ("Trend", "Trend"),
    "r.col_item": ("Stelling", "Statement"),
    "r.col_weight": ("Gewicht", "Weight"),
    "r.col_value": ("Waarde", "Value"),
    "r.col_votes": ("Stemmen", "Votes"),
    "r.col_spread": ("Spreiding", "Spread"),
    "r.col_note": ("Notitie", "Note"),
    "r.col_discuss": ("Bespreken", "Discuss"),
    "r.col_what": ("Wat", "What"),
    "r.col_who": ("Wie", "Who"),
    "r.col_due": ("Wanneer", "When"),
    "r.col_status": ("Status", "Status"),
    "r.col_reason": ("Waarom", "Why"),
    "r.gaps": ("Het verst van het doel", "Furthest from the target"),
    "r.no_gaps": ("Elk principe haalt zijn doel.", "Every principle meets its target."),
    "r.strengths": ("Wat goed gaat", "What goes well"),
    "r.disagreements": ("Waar het team het oneens was", "Where the team disagreed"),
    "r.no_disagreements": (
        "Bij geen enkele stelling liggen de stemmen {n} of meer uit elkaar.",
        "On no statement are the votes {n} or more apart.",
    ),
    "r.coverage_warnings": ("Te weinig antwoorden", "Too few answers"),
    "r.coverage_warning": (
        "{principle}: {scored} van {applicable} stellingen met een score",
        "{principle}: {scored} of {applicable} statements with a score",
    ),
    "r.trend_title": ("Trend sinds de vorige ronde ({date})", "Trend since the previous round ({date})"),
    "r.agenda": ("Agenda voor het gesprek", "Agenda for the discussion"),
    "r.agenda_empty": (
        "Niets op de agenda: het team was het eens, niets is gemarkeerd en er is geen 'weet niet'.",
        "Nothing on the agenda: the team agreed, nothing is flagged and there is no 'don't know'.",
    ),
    "r.actions": ("Actieplan", "Action plan"),
    "r.no_actions": ("Nog geen acties.", "No actions yet."),
    "r.items": ("Stellingen per onderdeel", "Statements by part"),
    "r.method": ("Zo worden de cijfers berekend", "How these numbers are computed"),
    "r.method_text": (
        "Elke stelling krijgt een score van {min} tot {max}. De score van een principe is het aantal punten van zijn stellingen met een score, gedeeld door het hoogst mogelijke aantal punten (0–100%); sommige stellingen tellen zwaarder mee. N.v.t. telt niet mee. 'Weet niet' telt wel mee als stelling, maar zonder score. Heeft minder dan de helft van de stellingen van een principe een score, dan tonen we geen score: te weinig antwoorden. Rust een score op minder dan {narrow} stellingen, dan noemen we dat een smalle basis. Het tekort is het doel min de score, in procentpunten, van de afgeronde getallen. Heeft het team geen teamscore vastgelegd, dan geldt de middelste stem. Liggen de hoogste en laagste stem {disagree} of meer uit elkaar, dan was het team het oneens. Het verschil met de vorige ronde vergelijkt alleen stellingen die in beide rondes een score hadden.",
        "Each statement gets a score from {min} to {max}. A principle's score is the points of its statements with a score, divided by the most points possible (0–100%); some statements weigh more. Not applicable does not count. 'Don't know' counts as a statement, but without a score. When fewer than half of a principle's statements have a score, we show no score: too few answers. A score resting on fewer than {narrow} statements is a narrow basis. The shortfall is the target minus the score, in percentage points, of the rounded numbers. Without a recorded team score the middle vote counts. When the highest and lowest vote are {disagree} or more apart, the team disagreed. The change since the previous round compares only statements that had a score in both rounds.",
    ),
    "r.explain_title": ("Zo is de score van {principle} berekend", "How the score of {principle} was computed"),
    "r.explain_sum": ("{num} / {den} = {score}", "{num} / {den} = {score}"),
    "r.explain_none": ("Geen stellingen met een score.", "No statements with a score."),
    "r.reason_disagree": ("oneens (stemmen {spread} uit elkaar)", "disagreement (votes {spread} apart)"),
    "r.reason_flag": ("gevlagd om te bespreken", "flagged for discussion"),
    "r.reason_unknown": ("weet niet", "don't know"),
    "r.reason_gap": ("hoort bij {principles}, onder het doel", "belongs to {principles}, below target"),
    "r.combined_title": ("Gecombineerd profiel van {org}", "Combined profile of {org}"),
    "r.combined_from": ("Uit: {rounds}", "From: {rounds}"),
    "r.sources": ("Bronnen", "Sources"),
    "r.framework": ("Kader", "Framework"),
    "r.moved": ("Stellingen die verschoven", "Statements that moved"),
    "r.no_moved": ("Geen stellingen verschoven.", "No statements moved."),
    "r.no_previous": ("geen vorige ronde", "no previous round"),
    # --- exports (management reports: selfcheck/core/export/)
    "x.months": (
        "januari februari maart april mei juni juli augustus september oktober november december",
        "January February March April May June July August September October November December",
    ),
    "x.kicker": (
        "Zelfscan gezondheidsverschillen · rapport voor bestuur en management",
        "Health inequality self-assessment · report for management",
    ),
    "x.summary": ("Samenvatting", "Summary"),
    "x.overall_label_n": (
        "totaalscore, over {n} stellingen met een score",
        "overall score, over {n} statements with a score",
    ),
    "x.overall_partial": (
        "totaalscore over alleen {n} van {total} stellingen: niet alle principes hebben een score",
        "overall score over only {n} of {total} statements: not every principle has a score",
    ),
    "x.overall_withheld": (
        "geen totaalscore: minder dan de helft van de stellingen heeft een score",
        "no overall score: fewer than half of the statements have a score",
    ),
    "x.scored_label": ("stellingen met een score", "statements with a score"),
    "x.below_target_label": ("principes onder het doel", "principles below target"),
    "x.measured_label": (
        "principes met genoeg antwoorden voor een score",
        "principles with enough answers for a score",
    ),
    "x.disagree_label": ("stellingen waarover het team het oneens was", "statements the team disagreed on"),
    "x.disagree_unseen": (
        "oneens: niet te zien, geen stemmen per persoon vastgelegd",
        "disagreement: cannot be seen, no individual votes recorded",
    ),
    "x.no_votes_recorded": (
        "Er zijn geen stemmen per persoon vastgelegd (alleen teamscores), dus of het team het oneens was, is niet te zien.",
        "No individual votes were recorded (team scores only), so whether the team disagreed cannot be seen.",
    ),
    "x.coverage_some": (
        "{n} van {total} principes: te weinig antwoorden voor een score. Dit verslag zegt alleen iets over de principes met genoeg antwoorden ({measured} van {total}).",
        "{n} of {total} principles: too few answers for a score. This report speaks only about the principles with enough answers ({measured} of {total}).",
    ),
    "x.coverage_all": (
        "Alle {total} principes hebben genoeg antwoorden voor een score.",
        "All {total} principles have enough answers for a score.",
    ),
    "x.coverage_none": ("Nog geen principe heeft antwoorden.", "No principle has answers yet."),
    "x.self_assessment": (
        "Dit is een zelfevaluatie: het team gaf zelf de antwoorden. Het is geen oordeel van buiten.",
        "This is a self-assessment: the team gave the answers itself. It is not an outside judgement.",
    ),
    "x.self_assessment_short": ("zelfevaluatie door het team", "self-assessment by the team"),
    "x.what_this_is": ("Wat dit is", "What this is"),
    "x.how_voted": ("Zo is gestemd", "How the team voted"),
    "x.measured_against": ("Gemeten met", "Measured with"),
    "x.progress_value": (
        "{answered} van {total} stellingen beantwoord; {scored} met een score, {unknown} met 'weet niet'",
        "{answered} of {total} statements answered; {scored} with a score, {unknown} 'don't know'",
    ),
    "x.gaps_partial": (
        "Het verst van het doel (alleen principes met genoeg antwoorden)",
        "Furthest from the target (only principles with enough answers)",
    ),
    "x.no_gaps_unknown": (
        "Nog niet te zeggen: bij {n} van de principes zijn er te weinig antwoorden.",
        "Cannot say yet: {n} of the principles have too few answers.",
    ),
    "x.no_strengths_unknown": (
        "Nog niet te zeggen wat het beste gaat: bij {n} van de principes zijn er te weinig antwoorden.",
        "Cannot say yet what goes best: {n} of the principles have too few answers.",
    ),
    "x.basis": ("op basis van {n} stellingen", "based on {n} statements"),
    "x.basis_one": ("op basis van 1 stelling", "based on 1 statement"),
    "x.narrow": ("een smalle basis", "a narrow basis"),
    "x.narrow_short": ("smalle basis", "narrow basis"),
    "x.no_action_yet": ("nog geen actie", "no action yet"),
    "x.no_owner": ("nog niemand", "nobody yet"),
    "x.due_by": ("uiterlijk {date}", "due {date}"),
    "x.overdue": ("te laat", "overdue"),
    "x.what_we_do": ("Wat we doen", "What we will do"),
    "x.radar_title": ("Profiel van de principes: score en doel", "Principle profile: score and target"),
    "x.bars_title": ("Score per principe, met het doel als streep", "Score per principle, with the target as a line"),
    "x.bars_caption": (
        "Balk: score van het team. Streep: het doel. 'Onder doel': zoveel procentpunten onder het doel. Zonder balk: te weinig antwoorden voor een score (dat is geen 0).",
        "Bar: the team's score. Line: the target. 'Below target': that many percentage points below it. No bar: too few answers for a score (that is not 0).",
    ),
    "x.legend_score": ("score", "score"),
    "x.legend_target": ("doel", "target"),
    "x.working_title_note": (
        "* {ids}: de naam is een werktitel. De officiële naam kan later anders zijn.",
        "* {ids}: the name is a working title. The official wording may differ later.",
    ),
    "x.reconstructed_all": (
        "{title}: alle stellingen zijn gereconstrueerd. De oorspronkelijke tekst van de bron was niet te lezen; de stellingen zijn in eigen woorden opgebouwd uit verwante bronnen.",
        "{title}: all statements are reconstructed. The original text of the source could not be read; the statements were written in our own words from related sources.",
    ),
    "x.reconstructed_some": (
        "{title}: {n} van de {total} stellingen zijn gereconstrueerd, omdat de oorspronkelijke tekst van de bron niet te lezen was: stellingen {ids}.",
        "{title}: {n} of the {total} statements are reconstructed, because the original text of the source could not be read: statements {ids}.",
    ),
    "x.year_unknown": ("jaar onbekend", "year unknown"),
    "x.working_title_method": (
        "De namen van {ids} zijn werktitels. Ze komen uit verwante publicaties van Pharos. Zodra de officiële naam bekend is, vervangen we ze.",
        "The names of {ids} are working titles, taken from related Pharos publications. They will be replaced once the official wording is known.",
    ),
    "x.gap_line": ("score {score}, doel {target}: {gap} te kort", "score {score}, target {target}: {gap} short"),
    "x.col_short_pp": ("Tekort (procentpunten)", "Short (percentage points)"),
    "x.col_answered": ("Met score", "With a score"),
    "x.col_basis_n": ("Op basis van", "Based on"),
    "x.col_spread_words": ("Verschil hoogste en laagste stem", "Highest minus lowest vote"),
    "x.col_statement_no": ("Nr.", "No."),
    "x.col_id": ("Code in het bestand", "Code in the file"),
    "x.col_part": ("Onderdeel", "Part"),
    "x.col_scored_count": ("Stellingen met score", "Statements with a score"),
    "x.col_open_actions": ("Open acties", "Open actions"),
    "xlsx.sheet_about": ("Over dit verslag", "About this report"),
    "xlsx.sheet_principles": ("Principes", "Principles"),
    "xlsx.sheet_statements": ("Stellingen", "Statements"),
    "xlsx.sheet_actions": ("Acties", "Actions"),
    "xlsx.col_value_text": ("Antwoord", "Answer"),
    "x.col_kind": ("Soort regel", "Row kind"),
    "x.kind.principle": ("principe", "principle"),
    "x.kind.statement": ("stelling", "statement"),
    "x.kind.action": ("actie", "action"),
    "x.col_round_date": ("Datum ronde", "Round date"),
    "x.col_principle_name": ("Naam principe", "Principle name"),
    "x.col_score_pct": ("Score (%)", "Score (%)"),
    "x.col_basis_count": ("Op basis van (stellingen)", "Based on (statements)"),
    "x.col_narrow": ("Smalle basis", "Narrow basis"),
    "x.col_target_pct": ("Doel (%)", "Target (%)"),
    "x.col_below_target": ("Onder het doel", "Below target"),
    "x.col_applicable": ("Stellingen van toepassing", "Statements that apply"),
    "x.col_trend_compared": ("Verschil vergeleken op (stellingen)", "Change compared on (statements)"),
    "x.col_overdue": ("Te laat", "Overdue"),
    "x.col_trend_from_pct": (
        "Vorige ronde op dezelfde stellingen (%)",
        "Previous round on the same statements (%)",
    ),
    "x.col_trend_to_pct": ("Deze ronde op dezelfde stellingen (%)", "This round on the same statements (%)"),
    "x.col_trend_pp": ("Verschil met vorige ronde (procentpunten)", "Change since last round (percentage points)"),
    "x.n_statements": ("{n} stellingen", "{n} statements"),
    "x.n_statements_one": ("1 stelling", "1 statement"),
    "x.bar_short": ("{n} onder doel", "{n} below target"),
    "x.appendix": ("Technische bijlage", "Technical appendix"),
    "x.appendix_intro": (
        "Voor wie het verslag naast de bestanden legt: het nummer van elke stelling en de code ervan in het bestand.",
        "For whoever puts the report next to the files: each statement's number and its code in the file.",
    ),
    "x.strength_line": ("score {score}, doel {target}", "score {score}, target {target}"),
    "x.no_strengths": ("Nog geen principe haalt zijn doel.", "No principle meets its target yet."),
    "x.spread_votes": (
        "hoogste en laagste stem {spread} uit elkaar; {votes}",
        "highest and lowest vote {spread} apart; {votes}",
    ),
    "x.more_in_items": (
        "Er zijn er nog {n}: zie de stellingen per onderdeel.",
        "{n} more: see the statements by part.",
    ),
    "x.knowledge_gaps_line": ("stellingen met 'weet niet': {n}", "statements answered 'don't know': {n}"),
    "x.no_trend": (
        "Geen principe had in beide rondes genoeg antwoorden.",
        "No principle had enough answers in both rounds.",
    ),
    "x.table_twin": (
        "Dezelfde cijfers als in de grafieken, als tabel.",
        "The same numbers as in the charts, as a table.",
    ),
    "x.items_intro": (
        "Per stelling: de teamscore, de stemmen en de notitie.",
        "Per statement: the team score, the votes and the note.",
    ),
    "x.col_statement": ("Stelling", "Statement"),
    "x.col_team_score": ("Teamscore", "Team score"),
    "x.col_bar": ("Balk", "Bar"),
    "x.col_signals": ("Signalen", "Signals"),
    "x.bars_caption_md": (
        "Balk: █ score, ░ nog te gaan, ┃ of │ het doel. Zonder balk (···): te weinig antwoorden voor een score.",
        "Bar: █ score, ░ still to go, ┃ or │ the target. No bar (···): too few answers for a score.",
    ),
    "x.col_about": ("Over", "About"),
    "x.col_questionnaire": ("Vragenlijst", "Questionnaire"),
    "x.col_principles": ("Principes", "Principles"),
    "x.col_basis": ("Basis teamscore", "Team score basis"),
    "x.col_vote": ("Stem {name}", "Vote {name}"),
    "x.col_votes_count": ("Stemmen (aantal per antwoord)", "Votes (count per answer)"),
    "x.help_votes": (
        "stemmen in het verslag: anonymous (zonder namen, standaard), named (met namen) of none (weglaten)",
        "votes in the report: anonymous (no names, default), named or none (left out)",
    ),
    "x.bad_votes": (
        "Onbekende keuze voor stemmen: {votes}. Kies uit: {modes}.",
        "Unknown choice for votes: {votes}. Choose from: {modes}.",
    ),
    "x.votes_in_report": ("Stemmen in dit verslag", "Votes in this report"),
    "x.votes_mode.anonymous": (
        "zonder namen: hoeveel mensen elk antwoord gaven",
        "without names: how many people gave each answer",
    ),
    "x.votes_mode.named": ("met namen (zo gekozen door het team)", "with names (as the team chose)"),
    "x.votes_mode.none": ("niet opgenomen (zo gekozen door het team)", "left out (as the team chose)"),
    "x.col_disagreement": ("Oneens", "Disagreement"),
    "x.flag_disagree": ("oneens (stemmen {spread} uit elkaar)", "disagreement (votes {spread} apart)"),
    "x.flag_discuss": ("bespreken", "to discuss"),
    "x.serves": ("principes: {principles}", "principles: {principles}"),
    "x.scale_line": ("De schaal: {levels}.", "The scale: {levels}."),
    "x.questionnaire_value": ("{title} ({id}, versie {version})", "{title} ({id}, version {version})"),
    "x.generated": (
        "Gemaakt met selfcheck op {date} om {time} (UTC).",
        "Made with selfcheck on {date} at {time} (UTC).",
    ),
    "x.page": ("Pagina {n} van {total}", "Page {n} of {total}"),
    "x.combined_slug": ("gecombineerd", "combined"),
    "x.bad_format": ("onbekend formaat '{fmt}'; kies uit {formats}", "unknown format '{fmt}'; choose from {formats}"),
    "x.combined_orgs": (
        "een gecombineerd rapport gaat over één organisatie, niet over {orgs}",
        "a combined report covers one organisation, not {orgs}",
    ),
    "x.combined_analysis": (
        "geef voor een gecombineerd rapport de zelfscans zelf mee",
        "for a combined report, pass the assessments themselves",
    ),
    "x.nothing": ("geen zelfscan om te exporteren", "no assessment to export"),
    "x.report_exists": ("{path} bestaat al", "{path} exists already"),
    "x.attention": ("Let op", "Note"),
    "x.bars_caption_trend": (
        "Pijl: verschil met de vorige ronde, in procentpunten.",
        "Arrow: change since the previous round, in percentage points.",
    ),
    "x.trend_counts": (
        "Principes hoger: {up}, lager: {down}, gelijk: {same}.",
        "Principles higher: {up}, lower: {down}, unchanged: {same}.",
    ),
    "x.trend_best": ("Meeste vooruitgang: {principle} ({delta}).", "Most progress: {principle} ({delta})."),
    "x.trend_worst": ("Grootste daling: {principle} ({delta}).", "Largest drop: {principle} ({delta})."),
    "x.shortened": (
        "(ingekort; de volledige tekst staat in de HTML-, CSV- en JSON-export)",
        "(shortened; the full text is in the HTML, CSV and JSON exports)",
    ),
    "x.no_font": ("het lettertype voor de PDF ontbreekt: {detail}", "the font for the PDF is missing: {detail}"),
    "x.no_folder": ("de map {path} bestaat niet", "the folder {path} does not exist"),
    "x.not_a_folder": (
        "{path} is een bestand, geen map (een / aan het eind betekent: in deze map)",
        "{path} is a file, not a folder (a / at the end means: into this folder)",
    ),
    "x.cannot_make_folder": ("kan de map {path} niet maken: {detail}", "cannot make the folder {path}: {detail}"),
    "x.target_link": (
        "{path} is een snelkoppeling (symbolische link); een export vervangt die niet. Kies een andere naam of een map (-o map/)",
        "{path} is a symbolic link; an export does not replace it. Choose another name or a folder (-o folder/)",
    ),
    "x.target_special": (
        "{path} is geen gewoon bestand maar {kind}; een export vervangt dat niet. Kies een andere naam of een map (-o map/)",
        "{path} is not a regular file but {kind}; an export does not replace it. Choose another name or a folder (-o folder/)",
    ),
    "x.target_data": (
        "{path} is een zelfscan of vragenlijst (of lijkt erop); een export schrijft daar nooit overheen. Kies een andere naam of een map (-o map/)",
        "{path} is an assessment or questionnaire (or looks like one); an export never writes over it. Choose another name or a folder (-o folder/)",
    ),
    # --- serve (selfcheck serve: the app in a browser tab)
    "serve.help": (
        "de app in een browsertabblad aanbieden (textual-serve)",
        "offer the app in a browser tab (textual-serve)",
    ),
    "serve.help_host": (
        "adres om op te luisteren (standaard {host}: alleen deze computer)",
        "address to listen on (default {host}: this computer only)",
    ),
    "serve.help_port": ("poort (standaard {port}; 0 kiest een vrije)", "port (default {port}; 0 picks a free one)"),
    "serve.help_public_url": (
        "adres waarop browsers de server bereiken, bijv. https://selfcheck.example.nl achter een proxy; alleen die naam (en het IP-adres) wordt aanvaard",
        "address at which browsers reach the server, e.g. https://selfcheck.example.org behind a proxy; only that name (and the IP address) is accepted",
    ),
    "serve.missing": (
        "selfcheck serve heeft textual-serve nodig. Vanuit een kloon van selfcheck: python3 run.py serve (dat installeert het); anders: pip install 'selfcheck[serve]'",
        "selfcheck serve needs textual-serve. From a clone of selfcheck: python3 run.py serve (that installs it); otherwise: pip install 'selfcheck[serve]'",
    ),
    "serve.bad_port": (
        "poort {port} bestaat niet (0–65535; 0 kiest een vrije poort)",
        "port {port} does not exist (0–65535; 0 picks a free one)",
    ),
    "serve.bad_public_url": (
        "--public-url '{url}' is geen adres als https://selfcheck.example.nl",
        "--public-url '{url}' is no address such as https://selfcheck.example.org",
    ),
    "serve.cannot_listen": (
        "kan niet luisteren op {host} poort {port}: {detail}",
        "cannot listen on {host} port {port}: {detail}",
    ),
    "serve.behind_proxy": (
        "deze server luistert op {local}; de proxy stuurt daar door (Host en Origin van --public-url worden aanvaard)",
        "this server listens on {local}; the proxy passes requests there (the Host and Origin of --public-url are accepted)",
    ),
    "serve.listening": (
        "selfcheck in de browser: {url} (werkruimte {path}). Dit adres bevat een geheime sleutel die bij elke start nieuw is: deel het alleen met wie de app mag gebruiken. Stoppen met Ctrl+C.",
        "selfcheck in the browser: {url} (workspace {path}). This address holds a secret key, new at every start: share it only with people who may use the app. Stop with Ctrl+C.",
    ),
    "serve.exposed": (
        "LET OP: selfcheck luistert op {host}, dus niet alleen op deze computer. Wie het adres met de geheime sleutel heeft, kan elke zelfscan in {path} lezen en wijzigen, en zonder https kan iedereen op het netwerk die sleutel afluisteren. Zet er een proxy met https (en inloggen) voor, of gebruik --host 127.0.0.1.",
        "WARNING: selfcheck listens on {host}, so not on this computer only. Anyone with the address and its secret key can read and change every assessment in {path}, and without https anyone on the network can overhear that key. Put a proxy with https (and login) in front of it, or use --host 127.0.0.1.",
    ),
    "serve.refused": (
        "selfcheck serve: geweigerd: {method} {path} van {peer}: {reason}",
        "selfcheck serve: refused: {method} {path} from {peer}: {reason}",
    ),
    "serve.refused_page": (
        "Geen toegang. Open het adres dat <code>selfcheck serve</code> bij het starten liet zien, met de geheime sleutel erin (…/?token=…).",
        "No access. Open the address that <code>selfcheck serve</code> showed when it started, with the secret key in it (…/?token=…).",
    ),
    "serve.bad_host": (
        "Host '{host}' is niet het adres van deze server (DNS-rebinding?)",
        "Host '{host}' is not the address of this server (DNS rebinding?)",
    ),
    "serve.bad_origin": ("Origin '{origin}' is een andere website", "Origin '{origin}' is another web site"),
    "serve.no_secret": ("geen geheime sleutel", "no secret key"),
    "serve.bad_secret": ("verkeerde geheime sleutel", "wrong secret key"),
    "serve.page_title": ("selfcheck", "selfcheck"),
    "serve.page_start": ("Starten", "Start"),
    "serve.page_ended": ("De sessie is beëindigd.", "The session has ended."),
    "serve.page_restart": ("Opnieuw starten", "Start again"),
    "serve.page_noscript": (
        "selfcheck heeft JavaScript nodig in de browser.",
        "selfcheck needs JavaScript in the browser.",
    ),
    # --- benchmark and sync
    "bm.help": (
        "organisaties vergelijken per principe (laatste ronde per organisatie)",
        "compare organisations per principle (latest round per organisation)",
    ),
    "bm.help_paths": (
        "mappen (werkruimtes, of mappen met zelfscans; doorzocht met submappen) of bestanden; standaard de zelfscans van de werkruimte",
        "folders (workspaces, or folders with assessments; searched with subfolders) or files; default the workspace's assessments",
    ),
    "bm.help_q": ("de vragenlijst (nodig als er meer dan één is)", "the questionnaire (needed when there are several)"),
    "bm.help_org": ("laat zien waar deze organisatie staat", "show where this organisation stands"),
    "bm.help_min_group": (
        "toon niets over een groep van minder dan N organisaties (standaard {default}, minimaal {floor})",
        "show nothing about a group of fewer than N organisations (default {default}, at least {floor})",
    ),
    "bm.help_framework": (
        "het kader (standaard dat van de vragenlijst)",
        "the framework (default: the questionnaire's)",
    ),
    "bm.help_format": (
        "text (standaard, op het scherm), html, md of csv",
        "text (default, on screen), html, md or csv",
    ),
    "bm.help_output": (
        "bestand of map om naar te schrijven (standaard: exports/ in de werkruimte; text: het scherm)",
        "file or folder to write to (default: exports/ in the workspace; text: the screen)",
    ),
    "bm.min_group_floor": (
        "--min-group moet minstens {floor} zijn, niet {got}: bij twee organisaties verraadt de mediaan de score van de ander",
        "--min-group must be at least {floor}, not {got}: with two organisations the median gives away the other's score",
    ),
    "bm.none": ("geen zelfscans gevonden", "no assessments found"),
    "bm.several": (
        "er zijn rondes van meer dan één vragenlijst: {ids} (aantal organisaties); kies er een met -q",
        "there are rounds of more than one questionnaire: {ids} (number of organisations); choose one with -q",
    ),
    "bm.no_rounds": (
        "geen rondes van vragenlijst '{id}' gevonden; wel van: {ids}",
        "no rounds of questionnaire '{id}' found; there are rounds of: {ids}",
    ),
    "bm.org_unknown": (
        "organisatie '{org}' heeft geen ronde van vragenlijst '{id}'",
        "organisation '{org}' has no round of questionnaire '{id}'",
    ),
    "bm.title": ("Vergelijking van organisaties: {title}", "Comparison of organisations: {title}"),
    "bm.organisations": ("Organisaties", "Organisations"),
    "bm.organisations_value": (
        "{n}, van elk de laatste ronde ({files} bestanden gelezen)",
        "{n}, the latest round of each ({files} files read)",
    ),
    "bm.position_of": ("Positie van", "Position of"),
    "bm.too_few": (
        "Te weinig organisaties om iets te laten zien: {n}, en er zijn er minstens {min} nodig. Zo blijft de score van één organisatie geheim.",
        "Too few organisations to show anything: {n}, and at least {min} are needed. This keeps the score of any one organisation private.",
    ),
    "bm.suppressed": (
        "Niet getoond bij {ids}: daar hebben minder dan {min} organisaties een score, of het principe rust op zo weinig stellingen dat een cijfer de score van één organisatie zou verraden.",
        "Not shown for {ids}: fewer than {min} organisations have a score there, or the principle rests on so few statements that a figure would give away one organisation's score.",
    ),
    "bm.suppressed_short": ("te weinig", "too few"),
    "bm.col_q1": ("Q1", "Q1"),
    "bm.col_median": ("Mediaan", "Median"),
    "bm.col_q3": ("Q3", "Q3"),
    "bm.col_own": ("Eigen score", "Own score"),
    "bm.col_standing": ("Plaats", "Position"),
    "bm.col_chart": ("Spreiding", "Spread"),
    "bm.col_questionnaire": ("Vragenlijst", "Questionnaire"),
    "bm.col_name": ("Naam", "Name"),
    "bm.col_shown": ("Getoond", "Shown"),
    "bm.col_organisation": ("Organisatie", "Organisation"),
    "bm.position.low": ("bij het laagste kwart", "in the lowest quarter"),
    "bm.position.below_middle": ("onder het midden", "below the middle"),
    "bm.position.above_middle": ("boven het midden", "above the middle"),
    "bm.position.high": ("bij het hoogste kwart", "in the highest quarter"),
    "bm.method_bands": (
        "Privacy: geen getal laat de score van één organisatie zien. Elke organisatie had een andere mogelijke score in hetzelfde vak van {band} procentpunten kunnen hebben zonder dat er iets in de tabel verandert.",
        "Privacy: no figure shows one organisation's score. Each organisation could have had another possible score in the same band of {band} percentage points without anything in the table changing.",
    ),
    "bm.chart_legend": (
        "Balk: van het vak van Q1 tot het vak van Q3 (de middelste helft van de organisaties); omlijnd: het vak van de mediaan; schaal 0–100%.",
        "Bar: from Q1's band to Q3's band (the middle half of the organisations); outlined: the median's band; scale 0–100%.",
    ),
    "bm.chart_legend_own": ("Ruit: de eigen score.", "Diamond: the own score."),
    "bm.method_latest": (
        "Per organisatie telt alleen de laatste ronde van deze vragenlijst.",
        "Only the latest round of this questionnaire counts for each organisation.",
    ),
    "bm.method_scores": (
        "De score per principe is berekend zoals in het rapport. Heeft minder dan 50% van de stellingen van een principe een score, dan telt die organisatie bij dat principe niet mee.",
        "The score per principle is computed as in the report. When fewer than 50% of a principle's statements have a score, that organisation does not count for that principle.",
    ),
    "bm.method_quartiles": (
        "n is het aantal organisaties met een score. Q1, mediaan en Q3 delen ze in vier even grote groepen; we tonen alleen in welk vak van 25 procentpunten elk valt.",
        "n is the number of organisations with a score. Q1, median and Q3 split them into four equal groups; we show only which band of 25 percentage points each falls in.",
    ),
    "bm.method_privacy": (
        "Over minder dan {min} organisaties laten we niets zien, en nooit de laagste of hoogste score: zo is geen score terug te voeren op één organisatie.",
        "Nothing is shown about fewer than {min} organisations, and never the lowest or highest score: so no score can be traced back to one organisation.",
    ),
    "bm.method_standing": (
        "Plaats: in welk deel van de getoonde vakken de eigen score valt. Geen rangnummer: dat zou iets zeggen over de scores van anderen.",
        "Position: in which part of the shown bands the own score falls. No rank number: that would say something about the others' scores.",
    ),
    "bm.generated": (
        "Gemaakt met selfcheck op {date} om {time} (UTC).",
        "Made with selfcheck on {date} at {time} (UTC).",
    ),
    "v.conflict_target": (
        "een conflict noemt precies één van 'item' en 'section'",
        "a conflict names exactly one of 'item' and 'section'",
    ),
    "v.conflict_side": (
        "'side' moet \"ours\" of \"theirs\" zijn, niet '{got}'",
        "'side' must be \"ours\" or \"theirs\", not '{got}'",
    ),
    "sync.help": (
        "wijzigingen delen via git: vastleggen, ophalen (per stelling samenvoegen) en versturen",
        "share changes through git: commit, pull (merging per statement) and push",
    ),
    "sync.help_message": ("eigen eerste regel voor de commit", "your own first line for the commit"),
    "sync.no_git": (
        "git is niet gevonden; installeer git om een werkruimte te delen",
        "git was not found; install git to share a workspace",
    ),
    "sync.not_repo": (
        "de werkruimte {path} is geen git-repository; begin met 'git init' of 'git clone' in die map",
        "the workspace {path} is not a git repository; start with 'git init' or 'git clone' there",
    ),
    "sync.git_failed": ("{command} lukte niet: {detail}", "{command} failed: {detail}"),
    "sync.push_failed": (
        "versturen naar {remote} lukte niet: {detail}. Probeer selfcheck sync nog eens",
        "pushing to {remote} failed: {detail}. Try selfcheck sync again",
    ),
    "sync.unmerged": (
        "{path} heeft nog een onopgelost git-conflict; los het op met git en probeer opnieuw",
        "{path} still has an unresolved git conflict; resolve it with git and try again",
    ),
    "sync.merging": (
        "een eerdere samenvoeging is niet afgemaakt (misschien een onderbroken sync); maak die ongedaan met: git -C {top} merge --abort en draai dan selfcheck sync opnieuw (wat al vastgelegd was, blijft)",
        "an earlier merge was not finished (perhaps an interrupted sync); undo it with: git -C {top} merge --abort, then run selfcheck sync again (what was committed stays)",
    ),
    "sync.lock_unknown": (
        "git is onderbroken of nog bezig: {file} bestaat nog. Draait er geen git meer, verwijder dat bestand dan en draai selfcheck sync opnieuw",
        "git was interrupted or is still busy: {file} is still there. If no git is running any more, delete that file and run selfcheck sync again",
    ),
    "sync.git_busy": (
        "git is nog bezig in deze repository (proces {pid}, {file}); wacht tot het klaar is en probeer opnieuw",
        "git is still busy in this repository (process {pid}, {file}); wait until it is done and try again",
    ),
    "sync.stale_lock": (
        "Een onderbroken git liet {file} achter; geen git draait meer, dus verwijderd.",
        "An interrupted git left {file}; no git is running any more, so it was removed.",
    ),
    "sync.repo_config": (
        "de instellingen van deze repository ({key} in .git/config) laten git een programma starten of ergens anders werken; sync doet dat niet. Haal het weg met: git -C {top} config --unset {key} (of zet het in je eigen ~/.gitconfig)",
        "this repository's own settings ({key} in .git/config) make git start a program or work elsewhere; sync does not do that. Remove it with: git -C {top} config --unset {key} (or put it in your own ~/.gitconfig)",
    ),
    "sync.file_reason": ("{file}: {reason}", "{file}: {reason}"),
    "sync.line": ("regel {n}", "line {n}"),
    "sync.why_symlink": (
        "een symbolische link (sync volgt geen links: die kunnen naar bestanden buiten de werkruimte wijzen)",
        "a symbolic link (sync follows no links: they can point to files outside the workspace)",
    ),
    "sync.why_special": (
        "geen gewoon bestand of map (een FIFO, apparaat of socket)",
        "not a regular file or folder (a FIFO, device or socket)",
    ),
    "sync.why_submodule": ("een submodule (een andere repository)", "a submodule (another repository)"),
    "sync.why_not_folder": ("geen map meer (de werkruimte ligt daarin)", "no longer a folder (the workspace is in it)"),
    "sync.why_cache": ("de cache van selfcheck hoort niet in git", "selfcheck's cache does not belong in git"),
    "sync.why_lock": (
        "een slotbestand hoort niet in git (het zou de zelfscan bij iedereen op slot zetten)",
        "a lock file does not belong in git (it would lock the assessment for everyone)",
    ),
    "sync.why_subfolder": (
        "een map tussen de zelfscans (daar horen alleen bestanden)",
        "a folder among the assessments (only files belong there)",
    ),
    "sync.why_hidden": (
        "een verborgen of tijdelijk bestand van selfcheck hoort niet in git",
        "a hidden or temporary file of selfcheck's does not belong in git",
    ),
    "sync.why_attr": (
        "git zou het samenvoegen met {attr}={value} in plaats van per stelling",
        "git would merge it with {attr}={value} instead of per statement",
    ),
    "sync.why_unreadable": ("niet te lezen", "cannot be read"),
    "sync.why_unmergeable": (
        "niet samen te voegen tot een bestand dat opent",
        "cannot be merged into a file that opens",
    ),
    "sync.why_other_questionnaire": (
        "de twee versies horen bij andere vragenlijsten ({ours} en {theirs})",
        "the two versions belong to different questionnaires ({ours} and {theirs})",
    ),
    "sync.why_merge_invalid": ("de samenvoeging zou niet openen ({reason})", "the merge would not open ({reason})"),
    "sync.side_ours": ("onze versie opent niet: {reason}", "our version does not open: {reason}"),
    "sync.side_theirs": (
        "de binnengekomen versie opent niet: {reason}",
        "the version that came in does not open: {reason}",
    ),
    "sync.refused_local": (
        "niet gedeeld: {detail}. Er is niets vastgelegd of verstuurd.",
        "not shared: {detail}. Nothing was committed or pushed.",
    ),
    "sync.fix_local_restore": (
        "Herstel het of zet de laatst gedeelde versie terug met: git -C {top} checkout HEAD -- {file}",
        "Fix it, or put back the last shared version with: git -C {top} checkout HEAD -- {file}",
    ),
    "sync.fix_local_remove": ("Herstel het of verwijder het: {file}", "Fix it or remove it: {file}"),
    "sync.refused_incoming": (
        "geweigerd van {remote}: {file}: {reason}. Er is niets samengevoegd of verstuurd; je eigen wijzigingen zijn hier vastgelegd. Vraag {who} die wijziging op de remote terug te draaien en draai dan selfcheck sync opnieuw",
        "refused from {remote}: {file}: {reason}. Nothing was merged or pushed; your own changes are committed here. Ask {who} to undo that change on the remote, then run selfcheck sync again",
    ),
    "sync.refused_push": (
        "niet verstuurd: {detail}. Haal het uit git met: git -C {top} rm -q --cached {file} && git -C {top} commit -q -m weg — of herstel het, en draai dan selfcheck sync opnieuw",
        "not pushed: {detail}. Take it out of git with: git -C {top} rm -q --cached {file} && git -C {top} commit -q -m gone — or fix it, then run selfcheck sync again",
    ),
    "sync.locked": (
        "{file} is open in selfcheck bij {user} op {host}; sluit het eerst, anders overschrijft de app wat er binnenkomt",
        "{file} is open in selfcheck by {user} on {host}; close it first, or the app would overwrite what comes in",
    ),
    "sync.detached": (
        "git staat niet op een branch (detached HEAD); kies eerst een branch",
        "git is not on a branch (detached HEAD); check out a branch first",
    ),
    "sync.which_remote": (
        "meerdere remotes ({remotes}) en geen upstream voor {branch}; kies er een met: git branch --set-upstream-to=REMOTE/{branch}",
        "several remotes ({remotes}) and no upstream for {branch}; choose one with: git branch --set-upstream-to=REMOTE/{branch}",
    ),
    "sync.subject": (
        "selfcheck: {answers} {answers|antwoord|antwoorden} gewijzigd in {files} {files|zelfscan|zelfscans} door {who}",
        "selfcheck: {answers} {answers|answer|answers} changed in {files} {files|assessment|assessments} by {who}",
    ),
    "sync.file_label": ("{org}, {questionnaire}, {date} ({file})", "{org}, {questionnaire}, {date} ({file})"),
    "sync.added": ("nieuw", "new"),
    "sync.deleted": ("verwijderd", "deleted"),
    "sync.modified": ("gewijzigd", "changed"),
    "sync.n_answers": ("{n} {n|antwoord|antwoorden}", "{n} {n|answer|answers}"),
    "sync.n_actions": ("{n} {n|actie|acties}", "{n} {n|action|actions}"),
    "sync.committed": (
        "Vastgelegd ({commit}): {answers} {answers|antwoord|antwoorden} in {files} {files|bestand|bestanden}.",
        "Committed ({commit}): {answers} {answers|answer|answers} in {files} {files|file|files}.",
    ),
    "sync.nothing": ("Niets nieuws om vast te leggen.", "Nothing new to commit."),
    "sync.no_remote": (
        "Geen remote ingesteld: alleen vastgelegd, niets gedeeld. Stel er een in met: git remote add origin ADRES",
        "No remote configured: committed only, nothing shared. Add one with: git remote add origin ADDRESS",
    ),
    "sync.pulled": ("Opgehaald van {remote}/{branch}.", "Pulled from {remote}/{branch}."),
    "sync.pushed": ("Verstuurd naar {remote}/{branch}.", "Pushed to {remote}/{branch}."),
    "sync.nothing_to_push": ("Nog niets om te delen.", "Nothing to share yet."),
    "sync.conflicts": (
        "{n} {n|antwoord|antwoorden} waren aan beide kanten gewijzigd. Het nieuwste antwoord is gehouden; het andere staat in het bestand om samen te bekijken:",
        "{n} {n|answer|answers} were changed on both sides. The newer answer was kept; the other is in the file for review:",
    ),
    "sync.conflict_line": (
        "  {file}: {what} (niet gehouden: de versie van {who})",
        "  {file}: {what} (not kept: {who}'s version)",
    ),
    "sync.who_unknown": ("onbekend", "unknown"),
    "sync.conflict_section": ("notitie bij {id}", "note on {id}"),
    "sync.unresolved": (
        "git kon deze bestanden niet samenvoegen: {files}. Los ze op met git (git status), leg vast met git commit en draai dan selfcheck sync opnieuw.",
        "git could not merge these files: {files}. Resolve them with git (git status), commit with git commit, then run selfcheck sync again.",
    ),
    # --- steps (questionnaires that declare steps, e.g. armoede-gezondheid; reports; --framework)
    "steps.step_title": ("Stap {n}: {title}", "Step {n}: {title}"),
    "steps.col_step": ("Stap", "Step"),
    "steps.step_ref": ("stap {n}", "step {n}"),
    "steps.step_ref_any": ("de stellingen", "the statements"),
    "steps.statements_intro": (
        "Per thema de stellingen: de teamscore, de stem van iedere deelnemer en de notitie.",
        "Per theme its statements: the team score, each participant's vote and the note.",
    ),
    "steps.discussion_intro": (
        "Per thema: de score uit {step}, de vragen om te bespreken en wat het team erover noteerde.",
        "Per theme: the score from {step}, the questions to discuss and what the team noted.",
    ),
    "steps.score_line": (
        "Score uit {step}: {score} ({scored} van {total} stellingen met een score)",
        "Score from {step}: {score} ({scored} of {total} statements scored)",
    ),
    "steps.no_statements": ("Dit thema heeft geen stellingen.", "This theme has no statements."),
    "steps.questions": ("Om te bespreken", "To discuss"),
    "steps.note": ("Notitie van het team", "The team's note"),
    "steps.no_note": ("Nog geen notitie.", "No note yet."),
    "steps.actions_intro": (
        "De acties per thema: wat, wie, wanneer en hoe ver.",
        "The actions by theme: what, who, when and how far.",
    ),
    "steps.no_theme": ("Zonder thema", "Without a theme"),
    "steps.without_actions": ("Nog zonder actie: {themes}.", "No action yet: {themes}."),
    "steps.other_sections": ("Overige secties", "Other sections"),
    "steps.more_in_steps": (
        "Er zijn er nog {n}: zie de stellingen bij {step}.",
        "{n} more: see the statements in {step}.",
    ),
    "steps.overview": ("De thema's in één oogopslag", "The themes at a glance"),
    "steps.col_scored": ("Met score", "Scored"),
    "steps.col_note": ("Notitie", "Note"),
    "steps.col_actions": ("Acties", "Actions"),
    "steps.help_framework": (
        "bekijk de resultaten tegen dit kader (standaard: het kader van de vragenlijst, meestal pharos-9)",
        "view the results against this framework (default: the questionnaire's framework, usually pharos-9)",
    ),
    "steps.unknown_framework": ("onbekend kader '{id}'; kies uit {ids}", "unknown framework '{id}'; choose from {ids}"),
    "steps.framework_unused": (
        "geen item van {questionnaire} dient kader '{id}'; kies uit {ids}",
        "no item of {questionnaire} serves framework '{id}'; choose from {ids}",
    ),
    "v.discuss_count": (
        "'discuss' heeft {nl} {nl|vraag|vragen} in het Nederlands en {en} in het Engels; elke vraag hoort in beide talen",
        "'discuss' has {nl} {nl|question|questions} in Dutch and {en} in English; every question belongs in both languages",
    ),
}
