//! Share images: one PNG per region (its name, province and predikat) for
//! Open Graph and chat previews, drawn from an SVG with `resvg` at build time.
//!
//! Text is set in the DejaVu Sans Bold font bundled in `assets/fonts/` (its
//! licence beside it) and loaded from bytes, never from the system's fonts,
//! so every machine draws the same pixels. This module does not decide what
//! the text says beyond its layout; `pages` and `render` pass it in.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::render::feeds::xml_escape as escape;

/// The bundled font (Bitstream Vera licence, see `assets/fonts/DejaVuSans-LICENSE.txt`).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Size of a share image: the Open Graph recommendation.
pub(crate) const WIDTH: u32 = 1200;
/// Height of a share image.
pub(crate) const HEIGHT: u32 = 630;

/// What a region's share image says.
#[derive(Debug, Clone)]
pub(crate) struct ShareText<'a> {
    pub(crate) site: &'a str,
    pub(crate) name: &'a str,
    pub(crate) province: &'a str,
    /// E.g. "Predikat Utama · 2021".
    pub(crate) predikat: &'a str,
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

/// The SVG of a share image; the name shrinks to fit long region names.
pub(crate) fn share_svg(text: &ShareText<'_>) -> String {
    let name_size = match text.name.chars().count() {
        0..=18 => 84,
        19..=26 => 64,
        27..=34 => 50,
        _ => 40,
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         font-family=\"DejaVu Sans\" font-weight=\"bold\">\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>\
         <rect width=\"{WIDTH}\" height=\"96\" fill=\"#0b5cad\"/>\
         <text x=\"64\" y=\"62\" font-size=\"36\" fill=\"#ffffff\">{site}</text>\
         <text x=\"64\" y=\"270\" font-size=\"{name_size}\" fill=\"#1b1f24\">{name}</text>\
         <text x=\"64\" y=\"340\" font-size=\"36\" fill=\"#57606a\">{province}</text>\
         <rect x=\"64\" y=\"420\" width=\"{badge:.0}\" height=\"96\" rx=\"16\" fill=\"#0b5cad\"/>\
         <text x=\"96\" y=\"482\" font-size=\"44\" fill=\"#ffffff\">{predikat}</text>\
         </svg>",
        site = escape(text.site),
        name = escape(text.name),
        province = escape(text.province),
        predikat = escape(text.predikat),
        badge = (text.predikat.chars().count() as f64 * 28.0 + 64.0).min(f64::from(WIDTH) - 128.0),
    )
}

/// The PNG of a region's share image, `WIDTH` x `HEIGHT`.
pub(crate) fn share_png(text: &ShareText<'_>) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(&share_svg(text), options()).map_err(|e| e.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT)
        .ok_or_else(|| "cannot allocate the image".to_string())?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    match indexed(pixmap.data()) {
        Some((palette, indices)) => encode_indexed(&palette, &indices),
        None => pixmap.encode_png().map_err(|e| e.to_string()),
    }
}

/// The opaque RGBA pixels as a palette of at most 256 colours (each channel
/// kept to 4 bits, invisible on anti-aliased edges) and one index per pixel;
/// `None` when the image has more colours than that. Palette order is the
/// order of the 12-bit colour keys, so output is deterministic.
fn indexed(rgba: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let key = |p: &[u8]| {
        usize::from(p[0] >> 4) << 8 | usize::from(p[1] >> 4) << 4 | usize::from(p[2] >> 4)
    };
    let mut used = [false; 4096];
    for pixel in rgba.chunks_exact(4) {
        used[key(pixel)] = true;
    }
    let mut slot = [0u8; 4096];
    let mut palette = Vec::new();
    for (k, _) in used.iter().enumerate().filter(|(_, u)| **u) {
        if palette.len() == 256 * 3 {
            return None;
        }
        slot[k] = (palette.len() / 3) as u8;
        palette.extend([(k >> 8) as u8 * 17, (k >> 4 & 15) as u8 * 17, (k & 15) as u8 * 17]);
    }
    Some((palette, rgba.chunks_exact(4).map(|p| slot[key(p)]).collect()))
}

/// An 8-bit palette PNG, compressed at the fast level: drawing hundreds of
/// images per build, the default level cost a fifth of the whole build for a
/// few kilobytes per image.
fn encode_indexed(palette: &[u8], indices: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(indices).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str) -> ShareText<'_> {
        ShareText {
            site: "KLA Terbuka",
            name,
            province: "Kalimantan Timur",
            predikat: "Utama · 2025",
        }
    }

    #[test]
    fn share_image_is_a_png_of_the_open_graph_size_with_text_drawn() {
        let png = share_png(&text("Kota Balikpapan")).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let mut reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (WIDTH, HEIGHT));
        let mut indices = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut indices).unwrap();
        assert_eq!(frame.color_type, png::ColorType::Indexed, "few colours, one palette");
        let palette = reader.info().palette.as_ref().unwrap().to_vec();
        // The name's row (y = 250) holds dark glyph pixels: the bundled font was used.
        let row = &indices[250 * WIDTH as usize..251 * WIDTH as usize];
        let dark = row.iter().filter(|&&i| palette[usize::from(i) * 3] < 80).count();
        assert!(dark > 50, "no text drawn on the name's row ({dark} dark pixels)");
        assert!(png.len() < 40_000, "share image too large: {} bytes", png.len());
    }

    #[test]
    fn share_svg_escapes_names_and_shrinks_long_ones() {
        let svg = share_svg(&text("Kota <A&B>"));
        assert!(svg.contains("Kota &lt;A&amp;B&gt;"));
        assert!(
            share_svg(&text("Kabupaten Administrasi Kepulauan Seribu"))
                .contains("font-size=\"40\"")
        );
        assert_eq!(
            share_png(&text("Kota A")).unwrap(),
            share_png(&text("Kota A")).unwrap(),
            "deterministic"
        );
    }
}
