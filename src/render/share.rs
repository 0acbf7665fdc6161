//! Share images: one PNG per region (its name, province and predikat) for
//! Open Graph and chat previews, drawn with `resvg` at build time.
//!
//! Text is set in the DejaVu Sans Bold font bundled in `assets/fonts/` (its
//! licence beside it) and loaded from bytes, never from the system's fonts,
//! so every machine draws the same pixels. This module does not decide what
//! the text says beyond its layout; `render` passes it in.
//!
//! A village-scale site draws 83,441 of these, so an image is not drawn whole:
//! it is a stack of horizontal bands (header, name, province, badge) on white,
//! each drawn from a small SVG and turned into palette indices. The header is
//! the same on every image and drawn once; a province's band and a predikat's
//! badge are drawn once per distinct text ([`ShareImages`] keeps them); only
//! the name is drawn per region. The rows are compressed the same way: the
//! head, each province's rows and each badge's rows once, spliced into every
//! image's PNG with the name's rows, the only ones compressed per image (see
//! `segment`), and of those only the rows the name inks: the blank rows above
//! and below it are compressed once per count. A name that several regions
//! share (village names repeat: 63,485 names for 83,441 desa/kelurahan) is
//! drawn and compressed once, kept until its last image. Every band has one
//! colour ramp (a background colour, a foreground colour and 16 steps between
//! them for anti-aliased edges), so the palette is fixed and no pixel needs a
//! colour look-up.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use resvg::{tiny_skia, usvg};

use crate::render::feeds::xml_escape as escape;

mod glyphs;
mod segment;

use glyphs::Glyphs;
use segment::{Place, Segment};

/// The bundled font (Bitstream Vera licence, see `assets/fonts/DejaVuSans-LICENSE.txt`).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Size of a share image: the Open Graph recommendation.
pub(crate) const WIDTH: u32 = 1200;
/// Height of a share image.
pub(crate) const HEIGHT: u32 = 630;

const WHITE: [u8; 3] = [0xff, 0xff, 0xff];
const BLUE: [u8; 3] = [0x0b, 0x5c, 0xad];
const INK: [u8; 3] = [0x1b, 0x1f, 0x24];
const GREY: [u8; 3] = [0x57, 0x60, 0x6a];

/// A colour ramp of the palette: 16 entries from `from` (step 0) to `to` (step 15).
#[derive(Clone, Copy)]
struct Ramp {
    /// Palette index of step 0.
    base: u8,
    from: [u8; 3],
    to: [u8; 3],
}

/// White to the name's ink (white is palette index 0, the empty rows).
const INK_RAMP: Ramp = Ramp { base: 0, from: WHITE, to: INK };
/// White to the province's grey.
const GREY_RAMP: Ramp = Ramp { base: 16, from: WHITE, to: GREY };
/// Blue to white: the header and the badge.
const BLUE_RAMP: Ramp = Ramp { base: 32, from: BLUE, to: WHITE };

/// One horizontal band of the image: rows `top..top + height`, drawn over `background`.
#[derive(Clone, Copy)]
struct Band {
    top: u32,
    height: u32,
    background: [u8; 3],
    ramp: Ramp,
}

const HEADER: Band = Band { top: 0, height: 96, background: BLUE, ramp: BLUE_RAMP };
/// The name's baseline is at 270 and its font at most 84 px (ascent 78, descent 20).
const NAME: Band = Band { top: 184, height: 116, background: WHITE, ramp: INK_RAMP };
/// The province's baseline is at 340, 36 px.
const PROVINCE: Band = Band { top: 300, height: 60, background: WHITE, ramp: GREY_RAMP };
const BADGE: Band = Band { top: 420, height: 96, background: WHITE, ramp: BLUE_RAMP };

/// What a region's share image says.
#[derive(Debug, Clone)]
pub(crate) struct ShareText<'a> {
    pub(crate) name: &'a str,
    pub(crate) province: &'a str,
    /// E.g. "Predikat Utama · 2021".
    pub(crate) predikat: &'a str,
}

/// The first rows of every image: the header and the white below it.
const HEAD_ROWS: std::ops::Range<u32> = 0..NAME.top;
/// A province's rows: its band and the white below it, down to the badge.
const PROVINCE_ROWS: std::ops::Range<u32> = PROVINCE.top..BADGE.top;
/// A badge's rows: its band and the white below it, to the bottom.
const BADGE_ROWS: std::ops::Range<u32> = BADGE.top..HEIGHT;
// The row runs tile the image, the name's band between the head and the province.
const _: () = assert!(
    HEADER.top == 0
        && HEADER.height <= NAME.top
        && NAME.top + NAME.height == PROVINCE.top
        && PROVINCE.top + PROVINCE.height <= BADGE.top
        && BADGE.top + BADGE.height <= HEIGHT
);

/// Draws the share images of one site, keeping the rows that repeat, drawn
/// and compressed once: build one per render and call [`ShareImages::png`]
/// from any thread.
pub(crate) struct ShareImages {
    head: Segment,
    provinces: Mutex<HashMap<String, Arc<Segment>>>,
    badges: Mutex<HashMap<String, Arc<Segment>>>,
    /// Runs of blank name rows, by their number of rows.
    blank_rows: Mutex<HashMap<usize, Arc<Segment>>>,
    /// The name rows of names more than one image shows, kept from their
    /// first image to their last.
    shared_names: Mutex<HashMap<String, SharedName>>,
}

/// A name more than one image shows: how many of them are still to come, and
/// its rows once the first was drawn.
struct SharedName {
    left: usize,
    rows: Option<Arc<[Arc<Segment>]>>,
}

impl ShareImages {
    /// Draws the header, with the site's title, once. `names` are those of
    /// the images to come, one per image: a name given more than once is
    /// drawn once and its rows kept until its last image is made.
    pub(crate) fn new<'a>(
        site_title: &str,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, String> {
        let header = draw(&HEADER, &header_svg(site_title))?;
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for name in names {
            *counts.entry(name).or_default() += 1;
        }
        let shared_names = counts
            .into_iter()
            .filter(|&(_, count)| count > 1)
            .map(|(name, left)| (name.to_string(), SharedName { left, rows: None }))
            .collect();
        Ok(Self {
            head: rows(&HEADER, header, HEAD_ROWS, Place::First)?,
            provinces: Mutex::default(),
            badges: Mutex::default(),
            blank_rows: Mutex::default(),
            shared_names: Mutex::new(shared_names),
        })
    }

    /// The PNG of a region's share image, `WIDTH` x `HEIGHT`.
    pub(crate) fn png(&self, text: &ShareText<'_>) -> Result<Vec<u8>, String> {
        let name = self.name(text.name)?;
        let province = cached(&self.provinces, text.province, || {
            let pixels = draw(&PROVINCE, &province_svg(text.province))?;
            rows(&PROVINCE, pixels, PROVINCE_ROWS, Place::Middle)
        })?;
        let badge = cached(&self.badges, text.predikat, || {
            rows(&BADGE, draw(&BADGE, &badge_svg(text.predikat))?, BADGE_ROWS, Place::Last)
        })?;
        static PALETTE: OnceLock<Vec<u8>> = OnceLock::new();
        let mut segments = Vec::with_capacity(name.len() + 3);
        segments.push(&self.head);
        segments.extend(name.iter().map(|s| &**s));
        segments.extend([&*province, &*badge]);
        segment::png(WIDTH, HEIGHT, PALETTE.get_or_init(palette), &segments)
    }

    /// The name's rows, drawn, or kept from an earlier image of the same name;
    /// forgotten after the last image that shows it.
    fn name(&self, name: &str) -> Result<Arc<[Arc<Segment>]>, String> {
        let lock = || self.shared_names.lock().unwrap_or_else(PoisonError::into_inner);
        let kept = lock().get(name).and_then(|shared| shared.rows.clone());
        let rows = match kept {
            Some(rows) => rows,
            None => self.name_rows(&name_band(name)?)?.into(),
        };
        let mut names = lock();
        if let Some(shared) = names.get_mut(name) {
            shared.left = shared.left.saturating_sub(1);
            if shared.left == 0 {
                names.remove(name);
            } else {
                shared.rows.get_or_insert_with(|| Arc::clone(&rows));
            }
        }
        Ok(rows)
    }

    /// The name band's rows as segments: only the rows the name inks are
    /// compressed for this image; the blank ones above and below it come from
    /// [`ShareImages::blank_rows`] (names of one size share their margins).
    fn name_rows(&self, band: &[u8]) -> Result<Vec<Arc<Segment>>, String> {
        let width = WIDTH as usize;
        let rows = band.len() / width;
        // Compared as slices (one `memcmp`), not index by index: most rows are blank.
        const BLANK_ROW: [u8; WIDTH as usize] = [INK_RAMP.base; WIDTH as usize];
        let inked = |row: &[u8]| row != BLANK_ROW;
        let top = band.chunks_exact(width).position(inked).unwrap_or(rows);
        let bottom = band.chunks_exact(width).rposition(inked).map_or(top, |last| last + 1);
        let blank = |count: usize| {
            cached(&self.blank_rows, &count, || {
                Segment::new(&vec![INK_RAMP.base; width * count], width, Place::Middle)
            })
        };
        let mut segments = Vec::with_capacity(3);
        if top > 0 {
            segments.push(blank(top)?);
        }
        if bottom > top {
            let ink = &band[top * width..bottom * width];
            segments.push(Arc::new(Segment::new(ink, width, Place::Middle)?));
        }
        if rows > bottom {
            segments.push(blank(rows - bottom)?);
        }
        Ok(segments)
    }
}

/// The segment of the image's `rows`: `band`'s `pixels` where it lies, white elsewhere.
fn rows(
    band: &Band,
    pixels: Vec<u8>,
    rows: std::ops::Range<u32>,
    place: Place,
) -> Result<Segment, String> {
    let width = WIDTH as usize;
    let mut indices = vec![INK_RAMP.base; width * rows.len()];
    let start = (band.top - rows.start) as usize * width;
    indices[start..start + pixels.len()].copy_from_slice(&pixels);
    Segment::new(&indices, width, place)
}

/// The segment drawn for `key`, drawing it on first use.
fn cached<K, Q>(
    cache: &Mutex<HashMap<K, Arc<Segment>>>,
    key: &Q,
    draw: impl FnOnce() -> Result<Segment, String>,
) -> Result<Arc<Segment>, String>
where
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq,
    Q: ?Sized + std::hash::Hash + Eq + ToOwned<Owned = K>,
{
    if let Some(segment) = cache.lock().unwrap_or_else(PoisonError::into_inner).get(key) {
        return Ok(Arc::clone(segment));
    }
    let segment = Arc::new(draw()?);
    cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key.to_owned(), Arc::clone(&segment));
    Ok(segment)
}

/// The site's title in white on the blue header.
fn header_svg(site_title: &str) -> String {
    format!(
        "<text x=\"64\" y=\"62\" font-size=\"36\" fill=\"#ffffff\">{}</text>",
        escape(site_title)
    )
}

/// The province in grey below the name.
fn province_svg(province: &str) -> String {
    format!(
        "<text x=\"64\" y=\"340\" font-size=\"36\" fill=\"#57606a\">{}</text>",
        escape(province)
    )
}

/// The name's font size in pixels, smaller for long region names.
fn name_size(name: &str) -> u16 {
    match name.chars().count() {
        0..=18 => 84,
        19..=26 => 64,
        27..=34 => 50,
        _ => 40,
    }
}

/// The name, shrunk to fit long region names, as SVG.
fn name_svg(name: &str) -> String {
    format!(
        "<text x=\"{NAME_X}\" y=\"{NAME_BASELINE}\" font-size=\"{}\" fill=\"#1b1f24\">{}</text>",
        name_size(name),
        escape(name)
    )
}

/// Where the name's pen starts.
const NAME_X: u16 = 64;
/// The row of the name's baseline.
const NAME_BASELINE: u32 = 270;

/// The name band's palette indices: the name set from cached glyphs
/// ([`Glyphs`]), or drawn as SVG when the font lacks one of its characters.
fn name_band(name: &str) -> Result<Vec<u8>, String> {
    let line = glyphs().and_then(|glyphs| {
        glyphs.line(
            name,
            name_size(name),
            f32::from(NAME_X),
            (NAME_BASELINE - NAME.top) as i32,
            NAME.height as usize,
            WIDTH as usize,
        )
    });
    let Some(line) = line else { return draw(&NAME, &name_svg(name)) };
    // Coverage `a` of ink over the band: the premultiplied ink of `to_ramp`.
    let look = Lookup::of(&NAME);
    let ink = u32::from(INK[look.channel]);
    let at: [u8; 256] = std::array::from_fn(|a| {
        let inked = ((ink * a as u32 + 127) / 255) as u8;
        look.index[usize::from(inked.saturating_add(look.under[a]))]
    });
    let width = WIDTH as usize;
    let mut indices = Vec::with_capacity(width * NAME.height as usize);
    for row in line.alpha.chunks_exact(line.width) {
        look_up_row(&mut indices, row, &at);
        indices.resize(indices.len() + width - line.width, at[0]);
    }
    Ok(indices)
}

/// Appends the palette index `at` gives each alpha value of `row`. Most of a
/// name's pixels are blank (alpha 0), so eight at a time are checked for it
/// and, when all are, their index written at once.
fn look_up_row(indices: &mut Vec<u8>, row: &[u8], at: &[u8; 256]) {
    let mut eights = row.chunks_exact(8);
    for eight in &mut eights {
        if eight == [0; 8] {
            indices.extend_from_slice(&[at[0]; 8]);
        } else {
            indices.extend(eight.iter().map(|&a| at[usize::from(a)]));
        }
    }
    indices.extend(eights.remainder().iter().map(|&a| at[usize::from(a)]));
}

/// The predikat in white on a blue rounded badge as wide as the text.
fn badge_svg(predikat: &str) -> String {
    let width = (predikat.chars().count() as f64 * 28.0 + 64.0).min(f64::from(WIDTH) - 128.0);
    format!(
        "<rect x=\"64\" y=\"420\" width=\"{width:.0}\" height=\"96\" rx=\"16\" fill=\"#0b5cad\"/>\
         <text x=\"96\" y=\"482\" font-size=\"44\" fill=\"#ffffff\">{}</text>",
        escape(predikat)
    )
}

/// The bundled font's glyphs, filled as names need them, shared by the whole process.
fn glyphs() -> Option<&'static Glyphs> {
    static GLYPHS: OnceLock<Option<Glyphs>> = OnceLock::new();
    GLYPHS.get_or_init(|| Glyphs::new(FONT)).as_ref()
}

/// Parsing options with only the bundled font, built once per process.
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        usvg::Options {
            font_family: "DejaVu Sans".to_string(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        }
    })
}

/// Draws `content` (SVG elements placed in whole-image coordinates) into
/// `band` and returns its palette indices, one per pixel, row by row.
fn draw(band: &Band, content: &str) -> Result<Vec<u8>, String> {
    let tree = parse(band, content)?;
    // Nothing is drawn right of the content, so only the pixels up to it are
    // rasterised (a short name leaves most of the width blank).
    let right = tree.root().abs_stroke_bounding_box().right().ceil() + 1.0;
    raster(&tree, band, (right.max(1.0) as u32).min(WIDTH))
}

/// `content` in an SVG document the size of `band`, parsed.
fn parse(band: &Band, content: &str) -> Result<usvg::Tree, String> {
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{h}\" \
         viewBox=\"0 {top} {WIDTH} {h}\" font-family=\"DejaVu Sans\" font-weight=\"bold\">{content}</svg>",
        h = band.height,
        top = band.top,
    );
    usvg::Tree::from_str(&svg, options()).map_err(|e| e.to_string())
}

/// The palette indices of `band` with `tree` rasterised in its first `drawn`
/// columns and the rest left blank.
fn raster(tree: &usvg::Tree, band: &Band, drawn: u32) -> Result<Vec<u8>, String> {
    let mut pixmap = tiny_skia::Pixmap::new(drawn, band.height)
        .ok_or_else(|| "cannot allocate the image".to_string())?;
    resvg::render(tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    Ok(to_ramp(pixmap.data(), drawn as usize, band))
}

/// Premultiplied RGBA drawn on transparency, rows of `drawn` pixels, laid
/// over the band's background and expressed as the nearest step of its ramp,
/// each row padded with the background to the image's width. The channel
/// where the ramp changes most measures the step; both look-ups are tables,
/// since this runs over every pixel of every band.
fn to_ramp(rgba: &[u8], drawn: usize, band: &Band) -> Vec<u8> {
    let Lookup { channel, index, under } = Lookup::of(band);
    let blank = index[usize::from(under[0])];
    let width = WIDTH as usize;
    let mut indices = Vec::with_capacity(width * band.height as usize);
    for row in rgba.chunks_exact(drawn * 4) {
        indices.extend(
            row.chunks_exact(4)
                .map(|p| index[usize::from(p[channel].saturating_add(under[usize::from(p[3])]))]),
        );
        indices.resize(indices.len() + width - drawn, blank);
    }
    indices
}

/// The tables of [`to_ramp`] for one band.
struct Lookup {
    /// The colour channel where the band's ramp changes most: it measures the step.
    channel: usize,
    /// The palette index of each composited value of that channel.
    index: [u8; 256],
    /// The background's share of that channel at each alpha.
    under: [u8; 256],
}

impl Lookup {
    fn of(band: &Band) -> Self {
        let ramp = band.ramp;
        let channel = (0..3)
            .max_by_key(|&c| (i32::from(ramp.to[c]) - i32::from(ramp.from[c])).abs())
            .unwrap_or(0);
        let from = i32::from(ramp.from[channel]);
        let span = i32::from(ramp.to[channel]) - from;
        let background = i32::from(band.background[channel]);
        let index = std::array::from_fn(|v| {
            let step = ((v as i32 - from) * 15 * 2 / span + 1).div_euclid(2).clamp(0, 15);
            ramp.base + step as u8
        });
        let under =
            std::array::from_fn(|alpha| ((background * (255 - alpha as i32) + 127) / 255) as u8);
        Self { channel, index, under }
    }
}

/// The fixed palette: the three ramps, 16 steps each.
fn palette() -> Vec<u8> {
    let mut palette = Vec::with_capacity(48 * 3);
    for ramp in [INK_RAMP, GREY_RAMP, BLUE_RAMP] {
        for step in 0..16i32 {
            palette.extend((0..3).map(|c| {
                let (from, to) = (i32::from(ramp.from[c]), i32::from(ramp.to[c]));
                (from + ((to - from) * step * 2 + 15).div_euclid(30)) as u8
            }));
        }
    }
    palette
}

/// What a region's share image shows: its name, its province and its latest
/// evaluation's predikat. The image is drawn from this value (and the site's
/// rubrics and title), and a rebuild draws it again exactly when it differs
/// (`reuse`).
#[derive(Debug, PartialEq)]
pub(crate) struct ShareInputs<'a> {
    pub(crate) name: &'a str,
    pub(crate) province: &'a str,
    pub(crate) latest: Option<crate::render::index::Latest<'a>>,
}

impl<'a> ShareInputs<'a> {
    /// The inputs of `region`'s image, whose latest evaluation is `latest`.
    pub(crate) fn new(
        region: &'a crate::model::Region,
        latest: Option<&'a crate::score::ScoredEvaluation>,
    ) -> Self {
        ShareInputs {
            name: &region.name,
            province: &region.province,
            latest: latest.map(crate::render::index::Latest::of),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str) -> ShareText<'_> {
        ShareText { name, province: "Kalimantan Timur", predikat: "Utama · 2025" }
    }

    #[test]
    fn a_row_is_looked_up_pixel_by_pixel_blank_runs_or_not() {
        let at: [u8; 256] = std::array::from_fn(|a| (a as u8).wrapping_mul(7).wrapping_add(3));
        // Blank runs of every length around inked pixels, at every offset
        // from the eight-pixel steps, and a remainder shorter than eight.
        let mut row = [0u8; 61];
        for (i, a) in [(0, 9), (8, 255), (17, 1), (18, 40), (33, 128), (47, 2), (60, 77)] {
            row[i] = a;
        }
        for len in 0..=row.len() {
            let mut indices = vec![42];
            look_up_row(&mut indices, &row[..len], &at);
            let expected: Vec<u8> =
                std::iter::once(42).chain(row[..len].iter().map(|&a| at[usize::from(a)])).collect();
            assert_eq!(indices, expected, "first {len} pixels");
        }
    }

    fn decode(png: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (WIDTH, HEIGHT));
        let mut indices = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut indices).unwrap();
        assert_eq!(frame.color_type, png::ColorType::Indexed, "few colours, one palette");
        (reader.info().palette.as_ref().unwrap().to_vec(), indices)
    }

    /// Pixels of row `y` whose red channel is below `max`.
    fn dark_pixels(png: &[u8], y: usize, max: u8) -> usize {
        let (palette, indices) = decode(png);
        let row = &indices[y * WIDTH as usize..(y + 1) * WIDTH as usize];
        row.iter().filter(|&&i| palette[usize::from(i) * 3] < max).count()
    }

    #[test]
    fn share_image_is_a_png_of_the_open_graph_size_with_every_text_drawn() {
        let images = ShareImages::new("KLA Terbuka", []).unwrap();
        let png = images.png(&text("Kota Balikpapan")).unwrap();
        // The bundled font was used: glyph pixels on the name's and the province's rows.
        assert!(dark_pixels(&png, 250, 80) > 50, "no name drawn");
        assert!(dark_pixels(&png, 330, 120) > 30, "no province drawn");
        // Header and badge are blue with white text across them.
        let (palette, indices) = decode(&png);
        let at = |x: usize, y: usize| &palette[usize::from(indices[y * 1200 + x]) * 3..][..3];
        assert_eq!(at(10, 10), BLUE);
        assert_eq!(at(70, 470), BLUE, "inside the badge");
        assert_eq!(at(10, 470), WHITE, "left of the badge");
        assert_eq!(at(600, 600), WHITE);
        let white_in_header = indices[50 * 1200..51 * 1200]
            .iter()
            .filter(|&&i| palette[usize::from(i) * 3] > 200)
            .count();
        assert!(white_in_header > 20, "no site title drawn");
        assert!(png.len() < 40_000, "share image too large: {} bytes", png.len());
    }

    #[test]
    fn bands_repeat_only_where_the_text_does_and_output_is_deterministic() {
        let images = ShareImages::new("KLA Terbuka", []).unwrap();
        let a = images.png(&text("Kota A")).unwrap();
        assert_eq!(a, ShareImages::new("KLA Terbuka", []).unwrap().png(&text("Kota A")).unwrap());
        let b = images.png(&ShareText { province: "Aceh", ..text("Kota A") }).unwrap();
        assert_ne!(a, b, "a cached province band is not reused for another province");
        assert_eq!(a, images.png(&text("Kota A")).unwrap(), "cached bands draw the same");
        let margins = images.blank_rows.lock().unwrap().len();
        assert!((1..=2).contains(&margins), "the name's blank rows above and below are kept");
    }

    #[test]
    fn a_name_several_images_show_is_drawn_once_and_kept_until_its_last() {
        let names = ["Sukamaju", "Kota A", "Sukamaju", "Sukamaju"];
        let images = ShareImages::new("KLA Terbuka", names).unwrap();
        let fresh = ShareImages::new("KLA Terbuka", []).unwrap();
        let kept = |name: &str| {
            let names = images.shared_names.lock().unwrap();
            names.get(name).map(|shared| (shared.left, shared.rows.is_some()))
        };
        assert_eq!(kept("Sukamaju"), Some((3, false)), "three images to come, none drawn");
        assert_eq!(kept("Kota A"), None, "a name shown once is not kept");
        let aceh = ShareText { province: "Aceh", ..text("Sukamaju") };
        let first = images.png(&text("Sukamaju")).unwrap();
        assert_eq!(first, fresh.png(&text("Sukamaju")).unwrap());
        assert_eq!(kept("Sukamaju"), Some((2, true)), "drawn once, kept for the next two");
        let second = images.png(&aceh).unwrap();
        assert_eq!(second, fresh.png(&aceh).unwrap(), "kept rows, this image's province");
        assert_ne!(first, second);
        assert_eq!(kept("Sukamaju"), Some((1, true)));
        assert_eq!(images.png(&text("Sukamaju")).unwrap(), first);
        assert_eq!(kept("Sukamaju"), None, "forgotten after its last image");
        assert_eq!(images.png(&text("Kota A")).unwrap(), fresh.png(&text("Kota A")).unwrap());
    }

    /// The palette indices of the image as the bands are drawn across the
    /// whole width, laid on white one by one over the whole image (how images
    /// were drawn and assembled before their rows were compressed apart).
    fn assembled(site_title: &str, text: &ShareText<'_>) -> Vec<u8> {
        let width = WIDTH as usize;
        let mut indices = vec![INK_RAMP.base; width * HEIGHT as usize];
        for (band, svg) in [
            (&HEADER, header_svg(site_title)),
            (&PROVINCE, province_svg(text.province)),
            (&BADGE, badge_svg(text.predikat)),
        ] {
            let pixels = raster(&parse(band, &svg).unwrap(), band, WIDTH).unwrap();
            let start = band.top as usize * width;
            indices[start..start + pixels.len()].copy_from_slice(&pixels);
        }
        let name = name_band(text.name).unwrap();
        let start = NAME.top as usize * width;
        indices[start..start + name.len()].copy_from_slice(&name);
        indices
    }

    /// The name band as resvg draws the name's SVG, across the whole width.
    fn name_by_resvg(name: &str) -> Vec<u8> {
        raster(&parse(&NAME, &name_svg(name)).unwrap(), &NAME, WIDTH).unwrap()
    }

    #[test]
    fn names_set_from_cached_glyphs_look_as_resvg_draws_them() {
        for name in [
            "Kota Balikpapan",
            "Kabupaten Kepulauan Seribu",
            "Desa Wae Lolos (Lembor) Selatan",
            "Kelurahan Tj. Pinang & Sei-Jang, 'Lama' - Kabupaten Anambas",
            "AVATAR Tiyo WAVE", // kerning pairs
        ] {
            let glyphs = name_band(name).unwrap();
            let resvg = name_by_resvg(name);
            assert_eq!(glyphs.len(), resvg.len());
            // Ink is the ramp's step: 0 white to 15 full ink.
            let inked = |i: &u8| *i != INK_RAMP.base;
            let (ink_g, ink_r) = (
                glyphs.iter().filter(|i| inked(i)).count(),
                resvg.iter().filter(|i| inked(i)).count(),
            );
            assert!(ink_r > 1000, "{name}: resvg drew nothing");
            let off: usize =
                glyphs.iter().zip(&resvg).map(|(a, b)| usize::from(a.abs_diff(*b))).sum();
            let far = glyphs.iter().zip(&resvg).filter(|(a, b)| a.abs_diff(**b) > 8).count();
            // Same glyphs in the same places: inked areas agree and edge pixels differ
            // by a step or so (a pen 1 px off makes 1,500 pixels differ by more than 8).
            assert!(ink_g.abs_diff(ink_r) * 50 < ink_r, "{name}: {ink_g} vs {ink_r} inked pixels");
            assert!(
                off * 4 < ink_r * 15,
                "{name}: mean step difference too large ({off} over {ink_r})"
            );
            assert!(far * 1000 < ink_r, "{name}: {far} pixels far off");
        }
    }

    #[test]
    fn a_name_the_font_cannot_set_is_drawn_as_svg() {
        let name = "Kota \u{4e2d}\u{6587}"; // no CJK glyphs in the bundled font
        assert!(glyphs().unwrap().line(name, 84, 64.0, 86, 116, 1200).is_none());
        assert_eq!(name_band(name).unwrap(), name_by_resvg(name));
    }

    #[test]
    fn spliced_rows_decode_to_the_bands_as_drawn_with_valid_checksums() {
        let images = ShareImages::new("KLA Terbuka & Co", []).unwrap();
        let texts = [
            text("Kota Balikpapan"),
            ShareText {
                province: "Aceh",
                predikat: "Pratama \u{b7} 2017",
                ..text("Kota <A&B> \"Ö\"")
            },
            ShareText {
                province: "Daerah Istimewa Yogyakarta",
                predikat: "Belum ada evaluasi",
                ..text(
                    "Kabupaten Administrasi Kepulauan Seribu dengan Nama yang Sangat Panjang Sekali",
                )
            },
            // Cached province and badge rows again, under another name.
            ShareText { province: "Aceh", ..text("Kabupaten Aceh Besar") },
            text(""),
        ];
        for text in &texts {
            let png = images.png(text).unwrap();
            let (_, indices) = decode(&png);
            assert!(indices == assembled("KLA Terbuka & Co", text), "{text:?}");
            // Chunk CRCs and the zlib Adler-32 check out (the png decoder may skip the latter).
            let rows = segment::tests::inflated(&png);
            assert_eq!(rows.len(), (WIDTH as usize + 1) * HEIGHT as usize);
            assert!(png.len() < 40_000, "share image too large: {} bytes", png.len());
        }
    }

    #[test]
    fn names_are_escaped_and_long_ones_shrink() {
        assert!(name_svg("Kota <A&B>").contains("Kota &lt;A&amp;B&gt;"));
        assert!(name_svg("Kabupaten Administrasi Kepulauan Seribu").contains("font-size=\"40\""));
        let images = ShareImages::new("KLA", []).unwrap();
        assert!(images.png(&text("Kota <A&B>")).is_ok());
    }
}
