"""Safe XML reading for files from other tools, and stable GUIDs.

defusedxml refuses DTD entity declarations (so no external entity is ever resolved
and no entity-expansion bomb is expanded) and never touches the network. Tags are
read by their local name, so the namespaces real tools write (``codebook:1.0``,
``0:4``, ``1:0``, ``project:1.0``) all work.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from kube_qda.errors import KubeQdaError

MAX_XML_BYTES = 100 * 1024 * 1024
#: The namespace kube-qda's own GUIDs are derived in (uuid5).
KUBE_NAMESPACE = uuid.UUID("6f1c9a52-1b0e-5d57-9a4f-7a5d2c0b3e11")


class RefiError(KubeQdaError):
    """A REFI-QDA file could not be read or written."""


def parse_xml(data: bytes, name: str) -> Element:
    """Parse untrusted XML; refuse entities, DTD tricks and oversized input."""
    import defusedxml.ElementTree as safe_tree
    from defusedxml import DefusedXmlException

    if len(data) > MAX_XML_BYTES:
        raise RefiError(f"{name}: larger than 100 MB; refused")
    try:
        root: Element = safe_tree.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as err:
        raise RefiError(
            f"{name}: refused: the XML declares entities ({type(err).__name__}); "
            "external entities and entity expansion are not allowed"
        ) from None
    except safe_tree.ParseError as err:
        raise RefiError(f"{name}: not well-formed XML ({err})") from None
    return root


def local(tag: str) -> str:
    """``{urn:QDA-XML:codebook:1.0}Code`` -> ``Code``."""
    return tag.rsplit("}", 1)[-1]


def children(element: Element, tag: str) -> Iterator[Element]:
    return (child for child in element if local(child.tag) == tag)


def child(element: Element, tag: str) -> Element | None:
    return next(children(element, tag), None)


def text_of(element: Element | None) -> str:
    return "" if element is None or element.text is None else element.text


def stable_guid(*parts: Any) -> str:
    """A GUID derived from names, so exporting twice gives identical files."""
    return str(uuid.uuid5(KUBE_NAMESPACE, "/".join(str(p) for p in parts))).upper()


def normalise_color(value: str | None) -> str | None:
    """``#46AA00``, ``#4a0``, ``70,170,0`` or ``rgb(70, 170, 0)`` -> ``#46AA00``."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        if len(digits) == 6 and all(c in "0123456789abcdefABCDEF" for c in digits):
            return "#" + digits.upper()
        return None
    numbers = value.removeprefix("rgb(").removesuffix(")").replace(" ", "").split(",")
    if len(numbers) == 3 and all(n.isdigit() and int(n) < 256 for n in numbers):
        return "#" + "".join(f"{int(n):02X}" for n in numbers)
    return None
