//! A region's name set from cached glyph coverage masks.
//!
//! The name is the only text drawn anew for every share image (83,441 of them
//! at village scale), and building an SVG tree for it, laying it out and
//! filling every glyph's outline was most of an image's cost. Here the name is
//! shaped with rustybuzz (the shaper resvg itself uses, so glyphs, advances
//! and kerning are the same), and each glyph is filled once per font size and
//! quarter-pixel horizontal offset by tiny-skia, then copied into every name
//! that uses it. Placing a glyph at the nearest quarter pixel moves it by at
//! most an eighth of a pixel from where resvg would put it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use resvg::tiny_skia;

/// Horizontal positions a glyph is filled at, per pixel.
const SUBPIXELS: f32 = 4.0;

/// A glyph's coverage, filled once: `alpha` is `width` x `height`, its top
/// left `left` pixels right of the pen and `top` pixels below the baseline
/// (negative: above).
struct Mask {
    left: i32,
    top: i32,
    width: usize,
    alpha: Vec<u8>,
}

/// What a mask is filled for: font size in pixels, glyph id, quarter-pixel offset.
type Key = (u16, u16, u8);

/// The bundled font, shaped and outlined, and every glyph mask filled so far.
pub(super) struct Glyphs {
    face: rustybuzz::Face<'static>,
    masks: Mutex<HashMap<Key, Arc<Mask>>>,
}

/// The coverage of a line of text: `width` x `height` alpha values, row by row.
pub(super) struct Coverage {
    pub(super) width: usize,
    pub(super) alpha: Vec<u8>,
}

impl Glyphs {
    /// Glyphs of `font` (a TrueType or OpenType font's bytes), none filled yet;
    /// `None` when the font cannot be parsed.
    pub(super) fn new(font: &'static [u8]) -> Option<Glyphs> {
        let face = rustybuzz::Face::from_slice(font, 0)?;
        Some(Glyphs { face, masks: Mutex::default() })
    }

    /// The coverage of `text` at `size` pixels, its pen starting `x` pixels
    /// from the left and its baseline `baseline` rows from the top of a band
    /// `height` rows high and at most `max_width` wide. `None` when the font
    /// lacks a glyph of the text (the caller draws it another way).
    pub(super) fn line(
        &self,
        text: &str,
        size: u16,
        x: f32,
        baseline: i32,
        height: usize,
        max_width: usize,
    ) -> Option<Coverage> {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let shaped = rustybuzz::shape(&self.face, &[], buffer);
        let scale = f32::from(size) / self.face.units_per_em() as f32;
        let mut placed = Vec::with_capacity(shaped.len());
        let mut pen = x;
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            let id = u16::try_from(info.glyph_id).ok().filter(|&id| id != 0)?;
            let at = pen + pos.x_offset as f32 * scale;
            let quarters = (at * SUBPIXELS).round() as i32;
            let (whole, part) = (quarters.div_euclid(4), quarters.rem_euclid(4) as u8);
            let dy = -(pos.y_offset as f32 * scale).round() as i32;
            placed.push((whole, dy, self.mask(size, id, part, scale)));
            pen += pos.x_advance as f32 * scale;
        }
        let right = placed
            .iter()
            .filter(|(_, _, m)| m.width > 0)
            .map(|(at, _, m)| at + m.left + m.width as i32)
            .max()
            .unwrap_or(0);
        let width = usize::try_from(right + 1).unwrap_or(1).clamp(1, max_width);
        let mut alpha = vec![0u8; width * height];
        for (at, dy, mask) in &placed {
            blend(&mut alpha, width, height, mask, at + mask.left, baseline + dy + mask.top);
        }
        Some(Coverage { width, alpha })
    }

    /// Glyph `id`'s mask at `size`, `part` quarter pixels right of a whole pixel.
    fn mask(&self, size: u16, id: u16, part: u8, scale: f32) -> Arc<Mask> {
        let key = (size, id, part);
        if let Some(mask) = self.masks.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return Arc::clone(mask);
        }
        let mask = Arc::new(self.fill(id, f32::from(part) / SUBPIXELS, scale));
        self.masks.lock().unwrap_or_else(PoisonError::into_inner).insert(key, Arc::clone(&mask));
        mask
    }

    /// Fills glyph `id`'s outline, scaled and shifted `offset` pixels right.
    fn fill(&self, id: u16, offset: f32, scale: f32) -> Mask {
        let empty = Mask { left: 0, top: 0, width: 0, alpha: Vec::new() };
        let glyph = rustybuzz::ttf_parser::GlyphId(id);
        let mut outline = Outline(tiny_skia::PathBuilder::new());
        let Some(bounds) = self.face.outline_glyph(glyph, &mut outline) else { return empty };
        let Some(path) = outline.0.finish() else { return empty };
        let left = (f32::from(bounds.x_min) * scale + offset).floor() as i32 - 1;
        let right = (f32::from(bounds.x_max) * scale + offset).ceil() as i32 + 1;
        let top = (-f32::from(bounds.y_max) * scale).floor() as i32 - 1;
        let bottom = (-f32::from(bounds.y_min) * scale).ceil() as i32 + 1;
        let (width, height) = ((right - left) as u32, (bottom - top) as u32);
        let Some(mut pixmap) = tiny_skia::Pixmap::new(width, height) else { return empty };
        let mut paint = tiny_skia::Paint::default();
        paint.set_color_rgba8(0, 0, 0, 255);
        paint.anti_alias = true;
        let transform = tiny_skia::Transform::from_row(
            scale,
            0.0,
            0.0,
            -scale,
            offset - left as f32,
            -top as f32,
        );
        pixmap.fill_path(&path, &paint, tiny_skia::FillRule::Winding, transform, None);
        let alpha = pixmap.data().chunks_exact(4).map(|p| p[3]).collect();
        Mask { left, top, width: width as usize, alpha }
    }
}

/// Lays `mask` over `alpha` (a `width` x `height` band) with its top left at
/// (`x`, `y`), as coverage: what is already there lets through only the rest.
fn blend(alpha: &mut [u8], width: usize, height: usize, mask: &Mask, x: i32, y: i32) {
    // The mask's columns that fall inside the band, found once, not per pixel.
    let (x, mask_width) = (i64::from(x), mask.width as i64);
    let first = (-x).clamp(0, mask_width);
    let end = (width as i64 - x).clamp(first, mask_width);
    let Ok(left) = usize::try_from(x + first) else { return };
    let (first, end) = (first as usize, end as usize);
    if first == end {
        return;
    }
    for (row, src) in mask.alpha.chunks_exact(mask.width).enumerate() {
        let Ok(dy) = usize::try_from(i64::from(y) + row as i64) else { continue };
        if dy >= height {
            break;
        }
        let start = dy * width + left;
        let under = &mut alpha[start..start + (end - first)];
        for (d, &a) in under.iter_mut().zip(&src[first..end]) {
            let (s, t) = (u32::from(a), u32::from(*d));
            *d = (s + t - (s * t + 127) / 255) as u8;
        }
    }
}

/// Turns ttf-parser's outline callbacks into a tiny-skia path (in font units).
struct Outline(tiny_skia::PathBuilder);

impl rustybuzz::ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same blend, pixel by pixel with every bound checked.
    fn blend_by_pixel(alpha: &mut [u8], width: usize, height: usize, mask: &Mask, x: i32, y: i32) {
        for (row, src) in mask.alpha.chunks(mask.width.max(1)).enumerate() {
            for (col, &a) in src.iter().enumerate() {
                let (dx, dy) = (x + col as i32, y + row as i32);
                if (0..width as i32).contains(&dx) && (0..height as i32).contains(&dy) {
                    let d = &mut alpha[dy as usize * width + dx as usize];
                    let (s, t) = (u32::from(a), u32::from(*d));
                    *d = (s + t - (s * t + 127) / 255) as u8;
                }
            }
        }
    }

    #[test]
    fn blending_clips_the_mask_at_every_edge_and_combines_coverage() {
        let (width, height) = (9, 7);
        let mask = Mask {
            left: 0,
            top: 0,
            width: 4,
            alpha: (0..20).map(|i| (i * 13 % 256) as u8).collect(),
        };
        let base: Vec<u8> = (0..width * height).map(|i| (i * 37 % 256) as u8).collect();
        for x in -5..=10 {
            for y in -6..=8 {
                let (mut fast, mut slow) = (base.clone(), base.clone());
                blend(&mut fast, width, height, &mask, x, y);
                blend_by_pixel(&mut slow, width, height, &mask, x, y);
                assert_eq!(fast, slow, "mask at ({x}, {y})");
            }
        }
        let empty = Mask { left: 0, top: 0, width: 0, alpha: Vec::new() };
        let mut band = base.clone();
        blend(&mut band, width, height, &empty, 1, 1);
        assert_eq!(band, base, "an empty mask (a space) draws nothing");
    }
}
