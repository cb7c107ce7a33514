"""The fixed words of a findings chapter, in Indonesian (the default) and English."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "chapter": "BAB {roman} HASIL PENELITIAN",
        "material": "Gambaran Data Penelitian",
        "material_text": (
            "Data penelitian ini terdiri atas {documents} transkrip wawancara dengan "
            "{informants} informan{roles}, yang dibagi menjadi {segments} segmen tuturan "
            "informan. Pengodean dilakukan oleh {coders} atas {codings} segmen dengan buku "
            "kode “{codebook}” versi {version}."
        ),
        "roles": " ({parts})",
        "coders_one": "satu pengode ({names})",
        "coders_many": "{count} pengode ({names})",
        "agreement_text": (
            "Kesepakatan antarpengode dihitung per kode atas {units} segmen yang dikodekan "
            "oleh lebih dari satu pengode (Tabel {table})."
        ),
        "agreement_caption": "Kesepakatan Antarpengode per Kode",
        "frequency_caption": "Frekuensi Kode {category}",
        "frequency_text": (
            "Tabel {table} menyajikan frekuensi kode pada tema {category}: jumlah segmen, "
            "dokumen dan informan tempat setiap kode muncul."
        ),
        "relations": "Keterkaitan Antarkode",
        "cooc_caption": "Ko-okurensi Kode (Jaccard, Tingkat Segmen)",
        "cooc_text": (
            "Gambar {figure} menunjukkan seberapa sering dua kode muncul pada segmen yang "
            "sama (koefisien Jaccard: 0 tidak pernah bersama, 1 selalu bersama)."
        ),
        "matrix_caption": "Kode menurut {by}",
        "matrix_text": "Tabel {table} menyajikan jumlah segmen setiap kode menurut {by}.",
        "no_quotes": "Tidak ada segmen yang dikodekan dengan kode ini.",
        "appendix": "LAMPIRAN: BUKU KODE",
        "definition": "Definisi",
        "include": "Termasuk",
        "exclude": "Tidak termasuk",
        "code": "Kode",
        "label": "Label",
        "segments": "Segmen",
        "documents": "Dokumen",
        "informants": "Informan",
        "percent": "Persentase",
        "kappa": "Kappa Cohen",
        "alpha": "Alpha Krippendorff",
        "table": "Tabel",
        "figure": "Gambar",
        "document": "dokumen",
    },
    "en": {
        "chapter": "CHAPTER {number} FINDINGS",
        "material": "The Material",
        "material_text": (
            "The material consists of {documents} interview transcripts with {informants} "
            "informants{roles}, divided into {segments} informant segments. {coders} coded "
            "{codings} segments with the codebook “{codebook}”, version {version}."
        ),
        "roles": " ({parts})",
        "coders_one": "One coder ({names})",
        "coders_many": "{count} coders ({names})",
        "agreement_text": (
            "Inter-coder agreement was computed per code over the {units} segments coded "
            "by more than one coder (Table {table})."
        ),
        "agreement_caption": "Inter-coder Agreement per Code",
        "frequency_caption": "Code Frequencies: {category}",
        "frequency_text": (
            "Table {table} gives the frequency of the codes of the theme {category}: the "
            "segments, documents and informants where each code occurs."
        ),
        "relations": "Relations between Codes",
        "cooc_caption": "Code Co-occurrence (Jaccard, Segment Level)",
        "cooc_text": (
            "Figure {figure} shows how often two codes occur in the same segment (Jaccard "
            "coefficient: 0 never together, 1 always together)."
        ),
        "matrix_caption": "Codes by {by}",
        "matrix_text": "Table {table} gives the number of segments of each code by {by}.",
        "no_quotes": "No segment was coded with this code.",
        "appendix": "APPENDIX: CODEBOOK",
        "definition": "Definition",
        "include": "Includes",
        "exclude": "Excludes",
        "code": "Code",
        "label": "Label",
        "segments": "Segments",
        "documents": "Documents",
        "informants": "Informants",
        "percent": "Percent",
        "kappa": "Cohen's kappa",
        "alpha": "Krippendorff's alpha",
        "table": "Table",
        "figure": "Figure",
        "document": "document",
    },
}


def roman(number: int) -> str:
    """4 -> IV (chapters of an Indonesian thesis are numbered in Roman numerals)."""
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
              (1, "I")]  # fmt: skip
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out
