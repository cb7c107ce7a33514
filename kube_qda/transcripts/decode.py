"""Bytes to normalised text: BOMs, UTF-8, UTF-16, Windows-1252; LF line ends; NFC."""

from __future__ import annotations

import codecs
import re
import unicodedata

from kube_qda.errors import TranscriptError

#: Transcripts larger than this are refused (a long interview is well under 1 MB).
MAX_BYTES = 50 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def decode(raw: bytes, name: str) -> str:
    """Decode a transcript file's bytes; raises TranscriptError naming the file."""
    if len(raw) > MAX_BYTES:
        raise TranscriptError(f"{name}: file is larger than 50 MB; is it a transcript?")
    text = _decode(raw, name)
    if _CONTROL.search(text):
        raise TranscriptError(f"{name}: not a text transcript (it contains binary data)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise TranscriptError(f"{name}: the file is empty")
    return text


def _decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise TranscriptError(f"{name}: the file is empty")
    if raw.startswith(codecs.BOM_UTF8):
        return _utf8(raw[3:], name)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise TranscriptError(f"{name}: broken UTF-16 text") from None
    if b"\x00" in raw:
        raise TranscriptError(
            f"{name}: not a text transcript (binary data, or UTF-16 without a byte-order mark)"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _UTF8_MULTIBYTE.search(raw):
        return _utf8(raw, name)  # mostly UTF-8 with a broken byte: say where
    return raw.decode("cp1252", errors="strict") if _is_cp1252(raw) else raw.decode("latin-1")


def _utf8(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise TranscriptError(
            f"{name}:{line}: invalid UTF-8 byte 0x{raw[err.start]:02x} (save the file as UTF-8)"
        ) from None


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True
