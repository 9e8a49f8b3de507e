//! Pages from blocks: word wrapping with the font's own glyph widths, tables whose rows
//! never split and whose header repeats on every page, page numbers in the footer.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    Rgb, TextItem,
};
use unicode_normalization::UnicodeNormalization;

use crate::{Block, Doc};

/// One of the embedded faces.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    Regular,
    Bold,
    Mono,
}

pub(crate) struct Fonts {
    faces: [ttf_parser::Face<'static>; 3],
}

/// A font of the computer's, for the scripts the embedded DejaVu faces lack (Chinese,
/// Japanese, Korean, Devanagari…). Read only when a document needs one, then kept for
/// the life of the process.
pub(crate) struct Fallback {
    bytes: &'static [u8],
    face: ttf_parser::Face<'static>,
}

/// Font files that Windows, macOS and common Linux packages install for those scripts,
/// in order of preference (the first that has a character draws it).
const SYSTEM_FONTS: &[&str] = &[
    r"C:\Windows\Fonts\msyh.ttc",
    r"C:\Windows\Fonts\YuGothM.ttc",
    r"C:\Windows\Fonts\msgothic.ttc",
    r"C:\Windows\Fonts\malgun.ttf",
    r"C:\Windows\Fonts\Nirmala.ttc",
    r"C:\Windows\Fonts\Nirmala.ttf",
    r"C:\Windows\Fonts\simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/AppleSDGothicNeo.ttc",
    "/System/Library/Fonts/Kohinoor.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
];

/// System font `i` of [`SYSTEM_FONTS`], read the first time a character needs it (only
/// the fonts tried are ever read), then kept for the life of the process; `None` when the
/// file is absent or unreadable.
fn fallback(i: usize) -> Option<&'static Fallback> {
    static SLOTS: [std::sync::OnceLock<Option<Fallback>>; SYSTEM_FONTS.len()] =
        [const { std::sync::OnceLock::new() }; SYSTEM_FONTS.len()];
    SLOTS[i]
        .get_or_init(|| {
            let bytes: &'static [u8] =
                Box::leak(std::fs::read(SYSTEM_FONTS[i]).ok()?.into_boxed_slice());
            let face = ttf_parser::Face::parse(bytes, 0).ok()?;
            Some(Fallback { bytes, face })
        })
        .as_ref()
}

/// Fonts are numbered: 0–2 the embedded faces (`Face as usize`), 3 and up the fallbacks.
const EMBEDDED: usize = 3;

impl Fonts {
    pub(crate) fn load() -> Option<Fonts> {
        Some(Fonts {
            faces: [
                ttf_parser::Face::parse(dejavu::sans::regular(), 0).ok()?,
                ttf_parser::Face::parse(dejavu::sans::bold(), 0).ok()?,
                ttf_parser::Face::parse(dejavu::sans_mono::regular(), 0).ok()?,
            ],
        })
    }

    fn face(&self, f: Face) -> &ttf_parser::Face<'static> {
        &self.faces[f as usize]
    }

    fn by_id(&self, id: usize) -> &ttf_parser::Face<'static> {
        match id.checked_sub(EMBEDDED) {
            None => &self.faces[id],
            Some(i) => &fallback(i).expect("a fallback chosen by font_for").face,
        }
    }

    /// The font that draws `c` in face `f` and its glyph: the embedded face when it has
    /// one, else the first system font that does; the glyph is `None` when no font has it.
    fn glyph(&self, f: Face, c: char) -> (usize, Option<ttf_parser::GlyphId>) {
        if let Some(g) = self.face(f).glyph_index(c) {
            return (f as usize, Some(g));
        }
        if c.is_whitespace() || c.is_control() {
            return (f as usize, None);
        }
        (0..SYSTEM_FONTS.len())
            .find_map(|i| {
                let g = fallback(i)?.face.glyph_index(c)?;
                Some((EMBEDDED + i, Some(g)))
            })
            .unwrap_or((f as usize, None))
    }

    /// The font that draws `c` in face `f`; `None` when no font has it (spaces and
    /// control characters are never drawn and always have one).
    fn font_for(&self, f: Face, c: char) -> Option<usize> {
        match self.glyph(f, c) {
            (id, Some(_)) => Some(id),
            (id, None) if c.is_whitespace() || c.is_control() => Some(id),
            _ => None,
        }
    }

    /// The first character of `text` that no font can draw in face `f` (it would print
    /// as an empty box).
    pub(crate) fn missing(&self, f: Face, text: &str) -> Option<char> {
        text.chars().find(|&c| self.font_for(f, c).is_none())
    }

    /// `text` cut into runs, each drawn by one font.
    /// `text` cut into runs, each drawn by one font, with its width at `size`.
    fn runs(&self, f: Face, size: f32, text: &str) -> Vec<(usize, String, f32)> {
        let mut out: Vec<(usize, String, f32)> = Vec::new();
        for c in text.chars() {
            let (id, g) = self.glyph(f, c);
            let w = self.advance(id, g) * size;
            match out.last_mut() {
                Some((last, run, width)) if *last == id => {
                    run.push(c);
                    *width += w;
                }
                _ => out.push((id, c.to_string(), w)),
            }
        }
        out
    }

    /// The advance of glyph `g` of font `id` (a `?` when there is none), in ems.
    fn advance(&self, id: usize, g: Option<ttf_parser::GlyphId>) -> f32 {
        let face = self.by_id(id);
        let upem = f32::from(face.units_per_em());
        g.or_else(|| face.glyph_index('?'))
            .and_then(|g| face.glyph_hor_advance(g))
            .map(f32::from)
            .unwrap_or(upem * 0.5)
            / upem
    }

    /// Width of `text` in points at `size`, each character measured in the font that
    /// draws it.
    pub(crate) fn width(&self, f: Face, size: f32, text: &str) -> f32 {
        text.chars()
            .map(|c| {
                let (id, g) = self.glyph(f, c);
                self.advance(id, g)
            })
            .sum::<f32>()
            * size
    }

    /// Splits `text` into lines no wider than `max` points: at spaces, and inside a word
    /// only when the word alone is too long (an email address, a recovery key).
    pub(crate) fn wrap(&self, f: Face, size: f32, text: &str, max: f32) -> Vec<String> {
        self.wrap_words(f, size, text, max).0
    }

    /// `text` in lines of at most `max` points: broken between words, then after a hyphen
    /// inside a word too long for a line (`MARIE-ÈVE-` / `BEAUSÉJOUR`); only a part with no
    /// such break that is wider than the line is cut where it must be, and then the answer
    /// says so (`true`), so a label can shrink its text rather than cut a name.
    pub(crate) fn wrap_words(
        &self,
        f: Face,
        size: f32,
        text: &str,
        max: f32,
    ) -> (Vec<String>, bool) {
        // Widths are sums of advances, so a line's width grows by the space and the word:
        // each word is measured once.
        let space = self.width(f, size, " ");
        let mut lines = Vec::new();
        let mut cut = false;
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            for word in units(paragraph) {
                let word_w = self.width(f, size, &word);
                let candidate_w = if line.is_empty() {
                    word_w
                } else {
                    line_w + space + word_w
                };
                if candidate_w <= max {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(&word);
                    line_w = candidate_w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word longer than the line: its hyphenated parts, as many as fit a line.
                line_w = 0.0;
                for part in word.split_inclusive('-') {
                    let part_w = self.width(f, size, part);
                    if line_w + part_w <= max {
                        line.push_str(part);
                        line_w += part_w;
                        continue;
                    }
                    if !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    if part_w <= max {
                        line.push_str(part);
                        line_w = part_w;
                        continue;
                    }
                    // No break left: cut where it must be.
                    cut = true;
                    for c in part.chars() {
                        let mut buf = [0u8; 4];
                        let c_w = self.width(f, size, c.encode_utf8(&mut buf));
                        if line_w + c_w > max && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            line_w = 0.0;
                        }
                        line.push(c);
                        line_w += c_w;
                    }
                }
            }
            lines.push(line);
        }
        (lines, cut)
    }
}

/// The words of a paragraph, with French high punctuation kept on its word's line:
/// "; : ! ? »" never start a line and "«" never ends one.
fn units(paragraph: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open_quote = false;
    for w in paragraph.split(' ') {
        let clings = w.starts_with([';', ':', '!', '?', '»']) && !w.is_empty();
        match out.last_mut() {
            Some(prev) if clings || open_quote => {
                prev.push(' ');
                prev.push_str(w);
            }
            _ => out.push(w.to_owned()),
        }
        open_quote = w == "«";
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn french_punctuation_stays_with_its_word() {
        assert_eq!(
            super::units("effet ; il dit « oui » : bien !"),
            ["effet ;", "il", "dit", "« oui » :", "bien !"]
        );
    }
}

pub(crate) const MM: f32 = 72.0 / 25.4;
const MARGIN: f32 = 20.0 * MM;
const BOTTOM: f32 = 22.0 * MM;
const BODY: f32 = 10.0;
const LEAD: f32 = 1.35;

pub(crate) struct Span {
    pub x: f32,
    pub y: f32,
    pub face: Face,
    pub size: f32,
    pub text: String,
    pub grey: bool,
}

pub(crate) struct Rule {
    pub x1: f32,
    pub x2: f32,
    pub y: f32,
}

#[derive(Default)]
pub(crate) struct Page {
    pub spans: Vec<Span>,
    pub rules: Vec<Rule>,
}

struct Cursor<'a> {
    fonts: &'a Fonts,
    width: f32,
    height: f32,
    y: f32,
    pages: Vec<Page>,
}

impl Cursor<'_> {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.height - MARGIN;
    }

    fn ensure(&mut self, h: f32) {
        if self.y - h < BOTTOM {
            self.new_page();
        }
    }

    fn text_block(
        &mut self,
        face: Face,
        size: f32,
        text: &str,
        indent: f32,
        grey: bool,
        space_after: f32,
    ) {
        let max = self.width - 2.0 * MARGIN - indent;
        let lh = size * LEAD;
        for line in self.fonts.wrap(face, size, text, max) {
            self.ensure(lh);
            self.y -= lh;
            let y = self.y + size * 0.25;
            self.page().spans.push(Span {
                x: MARGIN + indent,
                y,
                face,
                size,
                text: line,
                grey,
            });
        }
        self.y -= space_after;
    }

    /// Label–value rows. A label stays with the first lines of its value; a value longer
    /// than the page goes on, line by line, on the next ones.
    fn pairs(&mut self, pairs: &[(String, String)]) {
        let label_w = 0.32 * (self.width - 2.0 * MARGIN);
        let lh = BODY * LEAD;
        for (k, v) in pairs {
            let lines_v =
                self.fonts
                    .wrap(Face::Regular, BODY, v, self.width - 2.0 * MARGIN - label_w);
            let lines_k = self.fonts.wrap(Face::Bold, BODY, k, label_w - 6.0);
            let n = lines_v.len().max(lines_k.len());
            self.ensure(n.min(2) as f32 * lh);
            for i in 0..n {
                let pages = self.pages.len();
                self.ensure(lh);
                let y = self.y - lh + BODY * 0.25;
                if self.pages.len() > pages && i >= lines_k.len() {
                    // A value going on over a page break: its label again, in grey.
                    self.page().spans.push(Span {
                        x: MARGIN,
                        y,
                        face: Face::Bold,
                        size: BODY,
                        text: lines_k.first().cloned().unwrap_or_default(),
                        grey: true,
                    });
                }
                for (x, face, line) in [
                    (MARGIN, Face::Bold, lines_k.get(i)),
                    (MARGIN + label_w, Face::Regular, lines_v.get(i)),
                ] {
                    if let Some(text) = line {
                        self.page().spans.push(Span {
                            x,
                            y,
                            face,
                            size: BODY,
                            text: text.clone(),
                            grey: false,
                        });
                    }
                }
                self.y -= lh;
            }
            self.y -= 1.5;
        }
        self.y -= 4.0;
    }

    /// How a table is laid out: column widths from its content, or `None` when even its
    /// longest words cannot sit side by side (it is then printed as label–value rows).
    fn table_layout(&self, head: &[String], rows: &[Vec<String>]) -> TableLayout {
        // wide tables (the consent history) get a smaller type so dates stay on one line
        let size = if head.len() > 7 {
            BODY - 2.5
        } else {
            BODY - 1.0
        };
        let total = self.width - 2.0 * MARGIN;
        let n = head.len();
        // Per column: the widest word (a cell never breaks inside one) and the widest line.
        let mut min = vec![0f32; n];
        let mut want = vec![0f32; n];
        let space = self.fonts.width(Face::Regular, size, " ");
        let all =
            std::iter::once((Face::Bold, head)).chain(rows.iter().map(|r| (Face::Regular, &r[..])));
        for (face, row) in all {
            for (j, cell) in row.iter().enumerate().take(n) {
                for paragraph in cell.split('\n') {
                    // Each unbreakable piece measured once: the widest is the least the
                    // column needs, all of them with their spaces the most it can use.
                    let pieces: Vec<f32> = units(paragraph)
                        .iter()
                        .map(|w| self.fonts.width(face, size, w))
                        .collect();
                    let line =
                        pieces.iter().sum::<f32>() + pieces.len().saturating_sub(1) as f32 * space;
                    want[j] = want[j].max(line);
                    min[j] = pieces.iter().copied().fold(min[j], f32::max);
                }
            }
        }
        let pad = 3.0;
        // A single token wider than a quarter of the table (an email address, a web link in
        // the evidence) does not decide the layout: it is cut inside its column, as a long
        // word is on any line, rather than turning a whole history into label–value rows.
        let longest = total / 4.0;
        let min: Vec<f32> = min
            .iter()
            .map(|w| (w + 2.0 * pad + 0.5).min(longest))
            .collect();
        let want: Vec<f32> = want.iter().map(|w| w + 2.0 * pad + 0.5).collect();
        let (sum_min, sum_want): (f32, f32) = (min.iter().sum(), want.iter().sum());
        let cols = if sum_min > total {
            None
        } else if sum_want <= total {
            // Everything fits on one line: share the spare room in proportion.
            Some(want.iter().map(|w| w / sum_want * total).collect())
        } else {
            // Each column gets its longest word, then the rest in proportion to what
            // its longer lines still need.
            let spare = total - sum_min;
            let need: f32 = sum_want - sum_min;
            Some(
                min.iter()
                    .zip(&want)
                    .map(|(m, w)| m + (w - m) / need * spare)
                    .collect(),
            )
        };
        TableLayout { cols, size, pad }
    }

    /// The height a table needs before a page may end: its header and first row (or,
    /// printed as label–value rows, their first two lines).
    fn table_lead(&self, head: &[String], rows: &[Vec<String>], layout: &TableLayout) -> f32 {
        match &layout.cols {
            None => 2.0 * BODY * LEAD,
            Some(cols) => {
                let lh = layout.size * LEAD;
                let h = |face, row: &[String]| {
                    layout
                        .wrap_row(self.fonts, face, row, cols)
                        .iter()
                        .map(Vec::len)
                        .max()
                        .unwrap_or(1) as f32
                        * lh
                        + layout.pad
                };
                h(Face::Bold, head) + rows.first().map(|r| h(Face::Regular, r)).unwrap_or(0.0)
            }
        }
    }

    fn table(&mut self, head: &[String], rows: &[Vec<String>], layout: &TableLayout) {
        let Some(cols) = layout.cols.clone() else {
            // Too many columns for the page: each row becomes label–value rows.
            for row in rows {
                let pairs: Vec<(String, String)> =
                    head.iter().cloned().zip(row.iter().cloned()).collect();
                self.pairs(&pairs);
                let y = self.y + 2.0;
                let total = self.width - 2.0 * MARGIN;
                self.page().rules.push(Rule {
                    x1: MARGIN,
                    x2: MARGIN + total,
                    y,
                });
            }
            self.y -= 4.0;
            return;
        };
        let total = self.width - 2.0 * MARGIN;
        let size = layout.size;
        let lh = size * LEAD;
        let pad = layout.pad;
        let head_lines = layout.wrap_row(self.fonts, Face::Bold, head, &cols);
        let height =
            |lines: &[Vec<String>]| lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + pad;
        let head_h = height(&head_lines);
        let draw_row = |cur: &mut Cursor<'_>, lines: &[Vec<String>], face: Face, h: f32| {
            let top = cur.y;
            let mut x = MARGIN;
            for (cell, w) in lines.iter().zip(&cols) {
                for (i, line) in cell.iter().enumerate() {
                    let y = top - (i as f32 + 1.0) * lh + size * 0.25;
                    cur.page().spans.push(Span {
                        x: x + pad,
                        y,
                        face,
                        size,
                        text: line.clone(),
                        grey: false,
                    });
                }
                x += w;
            }
            cur.y -= h;
            let y = cur.y;
            cur.page().rules.push(Rule {
                x1: MARGIN,
                x2: MARGIN + total,
                y,
            });
        };
        // the header never ends a page alone: it goes with the first row
        let first_h = rows
            .first()
            .map(|r| height(&layout.wrap_row(self.fonts, Face::Regular, r, &cols)))
            .unwrap_or(0.0);
        self.ensure(head_h + first_h.min(self.height - MARGIN - BOTTOM - head_h));
        draw_row(self, &head_lines, Face::Bold, head_h);
        let room = self.height - MARGIN - BOTTOM - head_h;
        for row in rows {
            let lines = layout.wrap_row(self.fonts, Face::Regular, row, &cols);
            let h = height(&lines);
            if self.y - h >= BOTTOM {
                draw_row(self, &lines, Face::Regular, h);
                continue;
            }
            if h <= room {
                // A row that fits on a page is never split.
                self.new_page();
                draw_row(self, &head_lines, Face::Bold, head_h);
                draw_row(self, &lines, Face::Regular, h);
                continue;
            }
            // A row taller than a page goes on over the next pages, header repeated.
            let n = lines.iter().map(Vec::len).max().unwrap_or(1);
            let mut start = 0;
            while start < n {
                let fit = ((self.y - BOTTOM - pad) / lh).floor().max(0.0) as usize;
                if fit == 0 {
                    self.new_page();
                    draw_row(self, &head_lines, Face::Bold, head_h);
                    continue;
                }
                let end = (start + fit).min(n);
                let chunk: Vec<Vec<String>> = lines
                    .iter()
                    .map(|cell| cell[start.min(cell.len())..end.min(cell.len())].to_vec())
                    .collect();
                draw_row(self, &chunk, Face::Regular, (end - start) as f32 * lh + pad);
                start = end;
                if start < n {
                    self.new_page();
                    draw_row(self, &head_lines, Face::Bold, head_h);
                }
            }
        }
        self.y -= 8.0;
    }

    /// The height `block` needs at the top of a page: a heading stays with it. `layout`
    /// is the block's table layout when it is a table.
    fn lead(&self, block: Option<&Block>, layout: Option<&TableLayout>) -> f32 {
        match (block, layout) {
            (Some(Block::Para(_)) | Some(Block::Pairs(_)), _) => 2.0 * BODY * LEAD,
            (Some(Block::Small(_)), _) => 2.0 * (BODY - 2.0) * LEAD,
            (Some(Block::Mono(_)), _) => 12.0 * LEAD,
            (Some(Block::Table { head, rows }), Some(layout)) => {
                self.table_lead(head, rows, layout)
            }
            _ => 0.0,
        }
    }
}

impl Cursor<'_> {
    /// Each table is laid out once: its heading needs its first row's height, the table the rest.
    fn layouts(&self, blocks: &[Block]) -> Vec<Option<TableLayout>> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Table { head, rows } => Some(self.table_layout(head, rows)),
                _ => None,
            })
            .collect()
    }

    fn place(&mut self, blocks: &[Block], layouts: &[Option<TableLayout>]) {
        let fonts = self.fonts;
        for (i, block) in blocks.iter().enumerate() {
            match block {
                Block::Title(t) => self.text_block(Face::Bold, 16.0, t, 0.0, false, 6.0),
                Block::Heading(t) => {
                    // A heading is never the last line of a page: it goes with the start of
                    // what follows.
                    let lines = fonts
                        .wrap(Face::Bold, 12.0, t, self.width - 2.0 * MARGIN)
                        .len();
                    let own = 6.0 + lines as f32 * 12.0 * LEAD + 3.0;
                    let next = layouts.get(i + 1).and_then(Option::as_ref);
                    let lead = self.lead(blocks.get(i + 1), next);
                    self.ensure(own + lead);
                    self.y -= 6.0;
                    self.text_block(Face::Bold, 12.0, t, 0.0, false, 3.0);
                }
                Block::Para(t) => self.text_block(Face::Regular, BODY, t, 0.0, false, 5.0),
                Block::Small(t) => self.text_block(Face::Regular, BODY - 2.0, t, 0.0, true, 4.0),
                Block::Mono(t) => self.text_block(Face::Mono, 12.0, t, 0.0, false, 8.0),
                Block::Pairs(pairs) => self.pairs(pairs),
                Block::Table { head, rows } => {
                    self.table(head, rows, layouts[i].as_ref().expect("laid out above"))
                }
                Block::Gap(pt) => self.y -= pt,
                Block::PageBreak => self.new_page(),
                Block::Together(group) => {
                    // Measured first on a scratch page: when the group would cross a page
                    // and fits on one, it starts on the next.
                    let inner = self.layouts(group);
                    let mut scratch = Cursor {
                        fonts,
                        width: self.width,
                        height: self.height,
                        y: self.y,
                        pages: vec![Page::default()],
                    };
                    scratch.place(group, &inner);
                    if scratch.pages.len() > 1 {
                        scratch.pages = vec![Page::default()];
                        scratch.y = self.height - MARGIN;
                        scratch.place(group, &inner);
                        if scratch.pages.len() == 1 {
                            self.new_page();
                        }
                    }
                    self.place(group, &inner);
                }
            }
        }
    }
}

struct TableLayout {
    cols: Option<Vec<f32>>,
    size: f32,
    pad: f32,
}

impl TableLayout {
    fn wrap_row(
        &self,
        fonts: &Fonts,
        face: Face,
        row: &[String],
        cols: &[f32],
    ) -> Vec<Vec<String>> {
        row.iter()
            .zip(cols)
            .map(|(cell, w)| fonts.wrap(face, self.size, cell, w - 2.0 * self.pad))
            .collect()
    }
}

pub(crate) fn render(doc: &Doc, fonts: &Fonts) -> Vec<u8> {
    let (w_mm, h_mm) = doc.paper_mm();
    let mut cur = Cursor {
        fonts,
        width: w_mm * MM,
        height: h_mm * MM,
        y: 0.0,
        pages: Vec::new(),
    };
    cur.new_page();
    let layouts = cur.layouts(&doc.blocks);
    cur.place(&doc.blocks, &layouts);

    let total = cur.pages.len();
    let footer_size = 8.0;
    let pages: Vec<Page> = cur
        .pages
        .into_iter()
        .enumerate()
        .map(|(n, mut page)| {
            let footer = doc.footer(n + 1, total);
            let fw = fonts.width(Face::Regular, footer_size, &footer);
            page.spans.push(Span {
                x: cur.width - MARGIN - fw,
                y: 12.0 * MM,
                face: Face::Regular,
                size: footer_size,
                text: footer,
                grey: true,
            });
            if !doc.footer_left.is_empty() {
                page.spans.push(Span {
                    x: MARGIN,
                    y: 12.0 * MM,
                    face: Face::Regular,
                    size: footer_size,
                    text: doc.footer_left.clone(),
                    grey: true,
                });
            }
            page
        })
        .collect();
    write_pdf(&doc.title, (w_mm, h_mm), pages, fonts)
}

/// Writes pages of placed text and rules as a PDF of `size` millimetres, with the
/// embedded fonts (subset) and any system font a character needed.
pub(crate) fn write_pdf(
    title: &str,
    size: (f32, f32),
    pages_in: Vec<Page>,
    fonts: &Fonts,
) -> Vec<u8> {
    let (w_mm, h_mm) = size;
    let mut pdf = PdfDocument::new(title);
    let mut warnings = Vec::new();
    let mut ids: std::collections::HashMap<usize, printpdf::FontId> = [
        dejavu::sans::regular(),
        dejavu::sans::bold(),
        dejavu::sans_mono::regular(),
    ]
    .into_iter()
    .enumerate()
    .map(|(id, bytes)| {
        let font =
            printpdf::ParsedFont::from_bytes(bytes, 0, &mut warnings).expect("DejaVu parses");
        (id, pdf.add_font(&font))
    })
    .collect();
    let grey = Color::Rgb(Rgb::new(0.35, 0.35, 0.35, None));
    let black = Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None));
    let mut pages = Vec::with_capacity(pages_in.len());
    for page in pages_in {
        let mut ops = Vec::new();
        ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
        ops.push(Op::SetOutlineColor { col: grey.clone() });
        for r in &page.rules {
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(r.x1),
                                y: Pt(r.y),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(r.x2),
                                y: Pt(r.y),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
        }
        let spans = page.spans;
        for s in spans {
            let text: String = s.text.nfc().collect();
            let mut x = s.x;
            for (id, run, width) in fonts.runs(s.face, s.size, &text) {
                let handle = match ids.get(&id) {
                    Some(h) => h.clone(),
                    None => {
                        // A system font, embedded (subset) the first time a page needs it.
                        let fb = fallback(id - EMBEDDED).expect("a fallback chosen by font_for");
                        let font = printpdf::ParsedFont::from_bytes(fb.bytes, 0, &mut warnings)
                            .expect("a system font that ttf-parser read");
                        let h = pdf.add_font(&font);
                        ids.insert(id, h.clone());
                        h
                    }
                };
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFillColor {
                    col: if s.grey { grey.clone() } else { black.clone() },
                });
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(handle),
                    size: Pt(s.size),
                });
                ops.push(Op::SetTextCursor {
                    pos: Point {
                        x: Pt(x),
                        y: Pt(s.y),
                    },
                });
                x += width;
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(run)],
                });
                ops.push(Op::EndTextSection);
            }
        }
        pages.push(PdfPage::new(Mm(w_mm), Mm(h_mm), ops));
    }
    pdf.with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}
