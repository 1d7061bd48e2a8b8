"""Reading input files into batches of text columns, whatever their format and encoding.

`open_inputs(path)` sniffs the format from the bytes (not the extension), finds the header
row and the file's kind, and returns one `InputFile` per table in it (one per recognised
worksheet of a workbook). `InputFile.batches()` yields Polars frames whose columns are the
file's columns by position (`c0`, `c1`, …, all strings, empty cells as "") plus `row_number`,
counted as a spreadsheet counts rows (the header is row 1), so a reject can name its row.

Anything that makes a file unreadable as a whole raises `FileRefused` with one line that
names the file and says what is wrong; the load then stops before touching the database.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from etl.headers import HeaderError, HeaderMap, map_headers, recognised

BATCH_ROWS = 250_000
CSV_BLOCK_BYTES = 32 << 20
HEADER_SCAN_ROWS = 20
DELIMITERS = (",", "\t", ";", "|")


class FileRefused(Exception):
    """The file cannot be read at all; the message is one line naming the file. `code` says why in a word
    the steward page translates: zip_bomb, formula, or unreadable."""

    def __init__(self, message: str, code: str = "unreadable"):
        super().__init__(message)
        self.code = code


class _RaggedRows(Exception):
    """The fast CSV reader met a row with the wrong number of fields: reread exactly."""


@dataclass
class Ragged:
    row_number: int
    text: str
    fields: int


@dataclass
class Batch:
    frame: pl.DataFrame  # c0..cN strings + row_number
    ragged: list[Ragged] = field(default_factory=list)


@dataclass
class InputFile:
    path: Path
    label: str
    format: str
    encoding: str | None
    headers: list[str]
    header_row: int
    header_map: HeaderMap
    sha256: str
    delimiter: str = ","
    sheet: str | None = None
    exact: bool = False  # CSV: use the exact (slower) reader that reports malformed rows by number
    skip_lines: int | None = None  # CSV: lines up to the header, when every record up to it is one line

    @property
    def kind(self) -> str:
        return self.header_map.kind

    @property
    def width(self) -> int:
        return len(self.headers)

    def batches(self) -> Iterator[Batch]:
        if self.format == "csv":
            yield from (_csv_exact(self) if self.exact else _csv_fast(self))
        elif self.format in ("xlsx", "xls"):
            yield from _excel_batches(self)
        else:
            yield from _parquet_batches(self)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _refuse(path: Path, why: str, code: str = "unreadable") -> FileRefused:
    return FileRefused(f"{path}: {why}", code)


def _one_line(error: BaseException, limit: int = 200) -> str:
    return " ".join(str(error).split())[:limit]


def detect_encoding(path: Path) -> str:
    """utf-8 (with or without BOM), utf-16 (with BOM) or gb18030 (which covers GBK), by decoding it all."""
    with path.open("rb") as f:
        head = f.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    failures = []
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        offset = 0
        try:
            with path.open("rb") as f:
                for chunk in iter(lambda: f.read(16 << 20), b""):
                    decoder.decode(chunk)
                    offset += len(chunk)
                decoder.decode(b"", final=True)
            return "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError as e:
            failures.append(f"{encoding}: byte {offset + e.start}")
    raise _refuse(path, f"is not text in UTF-8, GBK/GB18030 or UTF-16 ({'; '.join(failures)}); save it as CSV UTF-8 or XLSX")


def _sniff_format(path: Path) -> str:
    with path.open("rb") as f:
        magic = f.read(8)
    if not magic:
        raise _refuse(path, "is empty (0 bytes)")
    if magic.startswith(b"PK\x03\x04"):
        return "xlsx"
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if magic.startswith(b"PAR1"):
        return "parquet"
    return "csv"


def _pick_header(rows: Sequence[Sequence[str]], path: Path, where: str = "") -> tuple[int, HeaderMap]:
    """The row (0-based) among the first few that the most headers recognise, and its mapping."""
    best, best_count = 0, -1
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        count = max(recognised([str(c or "") for c in row]).values())
        if count > best_count:
            best, best_count = i, count
    if not rows:
        raise _refuse(path, f"{where}has no rows")
    try:
        return best, map_headers([_header_text(c) for c in rows[best]])
    except HeaderError as e:
        raise _refuse(path, f"{where}{e}") from None


def _header_text(value: object) -> str:
    return "" if value is None else str(value).strip().lstrip("\ufeff")


def open_inputs(path: Path, formulas: bool = True) -> list[InputFile]:
    """The tables of one input file (a workbook may hold several sheets). A workbook with a formula in
    any cell is refused unless `formulas` (the steward page takes values only)."""
    path = Path(path)
    if not path.exists():
        raise _refuse(path, "does not exist")
    if path.is_dir():
        raise _refuse(path, "is a directory, not a file")
    fmt = _sniff_format(path)
    digest = _sha256(path)
    if fmt == "csv":
        return [_open_csv(path, digest)]
    if fmt == "parquet":
        return [_open_parquet(path, digest)]
    return _open_excel(path, fmt, digest, formulas)


# CSV -------------------------------------------------------------------------------------

def _open_csv(path: Path, digest: str) -> InputFile:
    encoding = detect_encoding(path)
    with path.open("r", encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="") as f:
        head = f.read(64 << 10)
    if "\x00" in head:
        raise _refuse(path, "contains NUL bytes: it is a binary file, not a CSV table")
    lines = head.splitlines()[:HEADER_SCAN_ROWS] or [""]

    def score(delimiter: str) -> int:
        rows = list(csv.reader(lines, delimiter=delimiter))
        return max((max(recognised([c for c in r]).values()) for r in rows if r), default=0)

    delimiter = max(DELIMITERS, key=score)
    try:
        rows = [r for r in csv.reader(io.StringIO(head), delimiter=delimiter)][:HEADER_SCAN_ROWS]
    except csv.Error as e:  # a lone carriage return inside a field, say (hypothesis found b"\r\x01")
        raise _refuse(path, f"cannot be parsed as CSV near its start: {e}") from None
    if not any(any(c.strip() for c in r) for r in rows):
        raise _refuse(path, "has no header row (the file is blank)")
    index, header_map = _pick_header(rows, path)
    headers = [_header_text(c) for c in rows[index]]
    one_line = all("\n" not in c and "\r" not in c for r in rows[:index + 1] for c in r)
    return InputFile(path, str(path), "csv", encoding, headers, index + 1, header_map, digest, delimiter,
                     skip_lines=index + 1 if one_line else None)


def has_blank_line(path: Path) -> bool:
    """Whether an empty line comes before the end of the file (DuckDB's reader skips such lines without
    counting them, so rows after one would be misnumbered). Read in blocks, vectorised, in small memory."""
    import numpy as np

    size = path.stat().st_size
    offset, previous = 0, np.empty(0, dtype=np.uint8)
    with path.open("rb") as f:
        for block in iter(lambda: f.read(32 << 20), b""):
            data = np.concatenate([previous, np.frombuffer(block, dtype=np.uint8)])
            breaks = np.flatnonzero(data == 10)
            gap = np.diff(breaks)
            empty = (gap == 1) | ((gap == 2) & (data[breaks[:-1] + 1] == 13))  # \n\n or \n\r\n
            # Where each empty line ends, in the file: one at the very end has nothing after it.
            if (offset - len(previous) + breaks[1:][empty] + 1 < size).any():
                return True
            previous = data[-2:]
            offset += len(block)
    return False


def duckdb_csv(src: InputFile) -> str | None:
    """DuckDB's read_csv(...) of a CSV file's data rows, all text, when its reader gives exactly the rows and
    cells ours does: UTF-8, a header block of whole lines, no blank line inside. Otherwise None. The call raises
    a duckdb error at a malformed row; the file is then read by the readers here."""
    if src.format != "csv" or src.encoding != "utf-8" or src.exact or src.skip_lines is None or has_blank_line(src.path):
        return None
    path = str(src.path).replace("'", "''")
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(src.width)) + "}"
    delimiter = src.delimiter.replace("'", "''")
    return (f"read_csv('{path}', header = false, skip = {src.skip_lines}, auto_detect = false, columns = {columns}, "
            f"delim = '{delimiter}', quote = '\"', escape = '\"', strict_mode = true, null_padding = false, "
            "nullstr = '\x01', allow_quoted_nulls = false, encoding = 'utf-8')")


def duckdb_parquet(src: InputFile) -> str | None:
    """A SELECT of a Parquet file's cells as c0, c1, … for DuckDB, when every column is text (as the demo and most
    exports write it) and the names are distinct; otherwise None (etl.readers casts other types as Polars does)."""
    if src.format != "parquet":
        return None
    schema = pq.read_schema(src.path)
    if len(set(schema.names)) != len(schema.names) or not all(
            pa.types.is_string(f.type) or pa.types.is_large_string(f.type) or pa.types.is_string_view(f.type) for f in schema):
        return None
    path = str(src.path).replace("'", "''")
    cells = ", ".join(f'coalesce("{n.replace(chr(34), chr(34) * 2)}", \'\') as c{i}' for i, n in enumerate(schema.names))
    return f"(select {cells} from read_parquet('{path}'))"


def _drop_blank(frame: pl.DataFrame, width: int) -> pl.DataFrame:
    """Rows whose cells are all empty are spacing, not data."""
    cols = [pl.col(f"c{i}").fill_null("").str.strip_chars() != "" for i in range(width)]
    return frame.filter(pl.any_horizontal(cols)) if cols else frame


def _csv_fast(src: InputFile) -> Iterator[Batch]:
    names = [f"c{i}" for i in range(src.width)]

    malformed: list[object] = []

    def on_invalid(row: object) -> str:
        # pyarrow swallows exceptions raised here, so note the row and stop after the batch.
        malformed.append(row)
        return "skip"

    reader = pacsv.open_csv(
        src.path,
        read_options=pacsv.ReadOptions(
            encoding=src.encoding, skip_rows=src.header_row, column_names=names, block_size=CSV_BLOCK_BYTES,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=src.delimiter, newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=on_invalid,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False,
        ),
    )
    next_row = src.header_row + 1
    try:
        for record_batch in reader:
            if malformed:
                raise _RaggedRows()
            frame = pl.from_arrow(record_batch)
            assert isinstance(frame, pl.DataFrame)
            frame = frame.with_columns(pl.int_range(next_row, next_row + frame.height, dtype=pl.Int64).alias("row_number"))
            next_row += frame.height
            yield Batch(_drop_blank(frame, src.width))
    except pa.ArrowInvalid as e:
        raise _refuse(src.path, f"cannot be parsed as CSV: {_one_line(e)}") from None
    if malformed:
        raise _RaggedRows()


def _csv_exact(src: InputFile) -> Iterator[Batch]:
    """Row by row with Python's csv module: slower, but every malformed row keeps its number."""
    encoding = "utf-8-sig" if src.encoding == "utf-8" else src.encoding
    with src.path.open("r", encoding=encoding, newline="") as f:
        reader = csv.reader(f, delimiter=src.delimiter)
        row_number = 0
        columns: list[list[str]] = [[] for _ in range(src.width)]
        numbers: list[int] = []
        ragged: list[Ragged] = []
        try:
            for row in reader:
                row_number += 1
                if row_number <= src.header_row:
                    continue
                if not any(c.strip() for c in row):
                    continue
                while len(row) > src.width and not row[-1].strip():
                    row.pop()
                if len(row) != src.width:
                    ragged.append(Ragged(row_number, src.delimiter.join(row)[:1000], len(row)))
                    continue
                for col, value in zip(columns, row, strict=True):
                    col.append(value)
                numbers.append(row_number)
                if len(numbers) >= BATCH_ROWS:
                    yield _exact_batch(columns, numbers, ragged, src.width)
                    columns, numbers, ragged = [[] for _ in range(src.width)], [], []
        except csv.Error as e:
            raise _refuse(src.path, f"cannot be parsed as CSV at row {row_number + 1}: {e}") from None
        yield _exact_batch(columns, numbers, ragged, src.width)


def _exact_batch(columns: list[list[str]], numbers: list[int], ragged: list[Ragged], width: int) -> Batch:
    frame = pl.DataFrame({f"c{i}": col for i, col in enumerate(columns)}, schema={f"c{i}": pl.String for i in range(width)})
    return Batch(frame.with_columns(pl.Series("row_number", numbers, dtype=pl.Int64)), ragged)


# Excel -----------------------------------------------------------------------------------

# A workbook is a zip of XML: these bound what reading one may unpack (a "zip bomb" is a small file that
# unpacks to gigabytes). A real registry export's sheets compress about 5-20 to 1.
XLSX_MAX_UNPACKED = 2 * 2**30
XLSX_MAX_RATIO = 200
XLSX_RATIO_FROM = 16 * 2**20  # the ratio is only checked for members larger than this when unpacked


def check_workbook(path: Path, formulas: bool = True) -> None:
    """Refuse an XLSX whose members would unpack beyond XLSX_MAX_UNPACKED in all or compress more than
    XLSX_MAX_RATIO to 1, and, unless `formulas`, one with a formula in any cell (named by sheet and cell)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
            unpacked = sum(m.file_size for m in members)
            if unpacked > XLSX_MAX_UNPACKED:
                raise _refuse(path, f"would unpack to {unpacked / 2**30:.1f} GiB, more than the {XLSX_MAX_UNPACKED / 2**30:.0f} GiB a "
                                    "workbook may hold here; split it or save it as CSV", "zip_bomb")
            for m in members:
                if m.file_size > XLSX_RATIO_FROM and m.file_size > XLSX_MAX_RATIO * max(m.compress_size, 1):
                    raise _refuse(path, f"has a part ({m.filename}) that unpacks {m.file_size / max(m.compress_size, 1):,.0f} times "
                                        f"larger than it is stored, more than {XLSX_MAX_RATIO} to 1: not a workbook a spreadsheet "
                                        "program writes; save it again from the spreadsheet, or as CSV", "zip_bomb")
            if not formulas:
                _refuse_formulas(path, z)
    except zipfile.BadZipFile as e:
        raise _refuse(path, f"is not a readable XLSX workbook ({_one_line(e)})") from None


def _refuse_formulas(path: Path, z) -> None:
    """The first formula of the workbook, by sheet name and cell, read as the sheets' XML streams by."""
    import xml.etree.ElementTree as ET

    names = _sheet_files(z)
    for member, sheet in names.items():
        with z.open(member) as f:
            for _, element in ET.iterparse(f, events=("end",)):
                if element.tag.endswith("}c"):
                    formula = next((child for child in element if child.tag.endswith("}f")), None)
                    if formula is not None:
                        text = (formula.text or "").strip()
                        raise _refuse(path, f"sheet '{sheet}' cell {element.get('r')} holds a formula (={text[:40]}); the loader takes "
                                            "values only: copy the sheet and paste it as values, then upload it again", "formula")
                    element.clear()


def _sheet_files(z) -> dict[str, str]:
    """Worksheet XML members and their sheet names (from the workbook and its relationships)."""
    import xml.etree.ElementTree as ET

    try:
        rels = {r.get("Id"): r.get("Target") or "" for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
        out: dict[str, str] = {}
        for sheet in ET.fromstring(z.read("xl/workbook.xml")).iter():
            if sheet.tag.endswith("}sheet"):
                rid = next(v for k, v in sheet.attrib.items() if k.endswith("}id"))
                target = rels[rid].lstrip("/")
                out[target if target.startswith("xl/") else f"xl/{target}"] = sheet.get("name") or target
        return out
    except (KeyError, StopIteration, ET.ParseError):
        return {n: n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")}


def _open_excel(path: Path, fmt: str, digest: str, formulas: bool = True) -> list[InputFile]:
    import fastexcel

    if fmt == "xlsx":
        check_workbook(path, formulas)
    elif not formulas:
        raise _refuse(path, f"is an old-style {fmt.upper()} workbook, whose formulas cannot be checked here; save it as XLSX or CSV",
                      "formula")
    try:
        workbook = fastexcel.read_excel(path)
        sheets = workbook.sheet_names
    except Exception as e:  # noqa: BLE001 - calamine raises its own types for every kind of damage
        raise _refuse(path, f"is not a readable {fmt.upper()} workbook ({type(e).__name__}: {_one_line(e)})") from None
    found, problems = [], []
    for sheet in sheets:
        where = f"sheet '{sheet}': " if len(sheets) > 1 else ""
        try:
            rows = _excel_rows(path, sheet)
            if rows.height == 0:
                raise _refuse(path, f"{where}has no rows")
            index, header_map = _pick_header(rows.head(HEADER_SCAN_ROWS).rows(), path, where)
        except FileRefused as e:
            problems.append(str(e))
            continue
        label = f"{path} [{sheet}]" if len(sheets) > 1 else str(path)
        headers = [_header_text(c) for c in rows.row(index)]
        found.append(InputFile(path, label, fmt, None, headers, index + 1, header_map, digest, sheet=sheet))
    if not found:
        raise FileRefused(problems[0] if len(problems) == 1
                          else f"{path}: no sheet has a contract or enterprise header ({' | '.join(problems)[:400]})")
    return found


def _excel_rows(path: Path, sheet: str) -> pl.DataFrame:
    import fastexcel

    frame = fastexcel.read_excel(path).load_sheet(sheet, header_row=None, dtypes="string").to_polars()
    return frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})


def _excel_batches(src: InputFile) -> Iterator[Batch]:
    rows = _excel_rows(src.path, src.sheet or "")
    rows = rows.with_columns(pl.int_range(1, rows.height + 1, dtype=pl.Int64).alias("row_number")).slice(src.header_row)
    width = src.width
    extra = [c for c in rows.columns if c.startswith("c") and int(c[1:]) >= width]
    cells = [pl.col(f"c{i}").fill_null("") for i in range(width)]
    ragged: list[Ragged] = []
    if extra:  # cells to the right of the header: data without a column name
        has_extra = pl.any_horizontal([pl.col(c).fill_null("").str.strip_chars() != "" for c in extra])
        bad = rows.filter(has_extra)
        ragged = [Ragged(int(r[-1]), " | ".join(str(v or "") for v in r[:-1])[:1000], width + len(extra)) for r in bad.rows()]
        rows = rows.filter(~has_extra)
    frame = _drop_blank(rows.select(*cells, "row_number"), width)
    for start in range(0, max(frame.height, 1), BATCH_ROWS):
        yield Batch(frame.slice(start, BATCH_ROWS), ragged if start == 0 else [])


# Parquet ---------------------------------------------------------------------------------

def _open_parquet(path: Path, digest: str) -> InputFile:
    try:
        schema = pq.read_schema(path)
    except Exception as e:  # noqa: BLE001 - pyarrow raises several types for a damaged file
        raise _refuse(path, f"is not a readable Parquet file ({_one_line(e)})") from None
    headers = list(schema.names)
    try:
        header_map = map_headers(headers)
    except HeaderError as e:
        raise _refuse(path, str(e)) from None
    return InputFile(path, str(path), "parquet", None, headers, 0, header_map, digest)


def _parquet_batches(src: InputFile) -> Iterator[Batch]:
    next_row = 1
    try:
        for record_batch in pq.ParquetFile(src.path).iter_batches(batch_size=BATCH_ROWS):
            frame = pl.from_arrow(record_batch)
            assert isinstance(frame, pl.DataFrame)
            frame.columns = [f"c{i}" for i in range(frame.width)]
            frame = frame.select(pl.all().cast(pl.String).fill_null(""))
            frame = frame.with_columns(pl.int_range(next_row, next_row + frame.height, dtype=pl.Int64).alias("row_number"))
            next_row += frame.height
            yield Batch(_drop_blank(frame, src.width))
    except (pa.ArrowException, pl.exceptions.PolarsError, OSError) as e:
        raise _refuse(src.path, f"cannot be read as Parquet ({_one_line(e)})") from None
