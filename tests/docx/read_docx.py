#!/usr/bin/python3
"""read_docx.py — read a DOCX back with real readers and print what they see.

Used by tests/unit/test_docx.c (run with the system python, /usr/bin/python3,
which has python-docx).  Usage: read_docx.py FILE.docx

Prints one line per fact, fields separated by "|", text with backslash,
newline and tab written as \\\\, \\n and \\t:
  ZIP|ok                  zipfile.testzip() found no bad member
  PART|name               every member of the archive, in order
  XML|name|ok             every .xml/.rels member parsed by xml.dom.minidom
  CORE|title|creator|created   docProps/core.xml as python-docx reads it
  P|style|text            every body paragraph (python-docx), in order
  R|style|text            a run of that paragraph with a character style
  RC|color|fill|bold|text a run of that paragraph with a direct colour (the TLP label)
  T|t|r|c|fill|text       every table cell: table, row, column, shading fill
  TH|t|r                  a row marked to repeat as a header (w:tblHeader)
  BULLET|numFmt|text      the numbering format List Bullet refers to
  HDR|text / FTR|text     header and footer paragraphs of the first section
  HRC|color|fill|bold|text  a run of the header with a direct colour
  FLD|instr               a field instruction in the footer
A failure to read prints "ERROR|..." and exits 1.
"""
import sys
import zipfile
import xml.dom.minidom

import docx
from docx.oxml.ns import qn


def esc(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("|", "\\|")


def coloured(run, tag):
    """Print a run that has a direct colour, with its shading and boldness."""
    if run.font.color is None or run.font.color.rgb is None:
        return
    fill = ""
    rPr = run._r.rPr
    if rPr is not None and rPr.find(qn("w:shd")) is not None:
        fill = rPr.find(qn("w:shd")).get(qn("w:fill"))
    print("%s|%s|%s|%s|%s" % (tag, run.font.color.rgb, fill, run.font.bold, esc(run.text)))


def main(path):
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        print("ZIP|" + ("ok" if bad is None else "bad " + bad))
        for name in z.namelist():
            print("PART|" + name)
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                xml.dom.minidom.parseString(z.read(name))
                print("XML|%s|ok" % name)

    d = docx.Document(path)
    cp = d.core_properties
    print("CORE|%s|%s|%s" % (esc(cp.title or ""), esc(cp.author or ""),
                             cp.created.isoformat() if cp.created else ""))
    for p in d.paragraphs:
        print("P|%s|%s" % (p.style.name, esc(p.text)))
        for r in p.runs:
            if r.style is not None and r.style.name != "Default Paragraph Font":
                print("R|%s|%s" % (r.style.name, esc(r.text)))
            coloured(r, "RC")
    for t, table in enumerate(d.tables):
        for ri, row in enumerate(table.rows):
            trPr = row._tr.trPr
            if trPr is not None and trPr.find(qn("w:tblHeader")) is not None:
                print("TH|%d|%d" % (t, ri))
            for ci, cell in enumerate(row.cells):
                fill = ""
                tcPr = cell._tc.tcPr
                if tcPr is not None:
                    shd = tcPr.find(qn("w:shd"))
                    if shd is not None:
                        fill = shd.get(qn("w:fill"))
                print("T|%d|%d|%d|%s|%s" % (t, ri, ci, fill, esc(cell.text)))
    # the numbering List Bullet's numId leads to
    st = d.styles["List Bullet"]
    numId = st.element.pPr.numPr.numId.val
    numbering = d.part.numbering_part.element
    for num in numbering.num_lst:
        if num.numId == numId:
            absId = num.abstractNumId.val
            for a in numbering.findall(qn("w:abstractNum")):
                if int(a.get(qn("w:abstractNumId"))) == absId:
                    lvl = a.find(qn("w:lvl"))
                    print("BULLET|%s|%s" % (lvl.find(qn("w:numFmt")).get(qn("w:val")),
                                             lvl.find(qn("w:lvlText")).get(qn("w:val"))))
    sec = d.sections[0]
    if not sec.header.is_linked_to_previous:
        for p in sec.header.paragraphs:
            print("HDR|" + esc(p.text))
            for r in p.runs:
                coloured(r, "HRC")
    if not sec.footer.is_linked_to_previous:
        for p in sec.footer.paragraphs:
            print("FTR|" + esc(p.text))
        for it in sec.footer._element.iter(qn("w:instrText")):
            print("FLD|" + it.text.strip())


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except Exception as ex:  # report any reader failure to the C test
        print("ERROR|%s: %s" % (type(ex).__name__, ex))
        sys.exit(1)
