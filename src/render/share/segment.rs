//! A palette PNG assembled from runs of rows that were compressed once each.
//!
//! Most rows of a share image repeat from image to image, so they are not
//! compressed per image. A [`Segment`] is a run of rows, each filtered on its
//! own (filter Sub, which looks only at the same row) and deflated by a fresh
//! compressor that ends on a byte boundary (a sync flush): no segment refers
//! back into another, so a zlib stream is the segments' bytes one after
//! another. Its Adler-32 is combined from the segments' own, and the only
//! per-image work is compressing the rows that differ and copying the rest.

use flate2::{Compress, Compression, FlushCompress, Status};
use zlib_rs::adler32::{adler32, adler32_combine};

/// The PNG filter type written before every row: Sub (each byte minus the one
/// to its left), the filter the png crate chose by default before.
const SUB: u8 = 1;

/// Deflate level: 2, the fastest with Huffman codes fitted to the data
/// (level 1's fixed codes made images much larger). Shared rows are not worth
/// a higher one: it cost more time than it saved bytes (bench/README.md,
/// "Figures behind the code's comments").
const LEVEL: u32 = 2;

/// Where a segment stands in its zlib stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// Starts the stream: carries the zlib header.
    First,
    /// Anywhere between the first and the last.
    Middle,
    /// Ends the deflate stream (its final block).
    Last,
}

/// Rows of palette indices, filtered and deflated, ready to be spliced into
/// the zlib stream of any image that shows them at its [`Place`].
pub(super) struct Segment {
    place: Place,
    deflated: Vec<u8>,
    /// Adler-32 of the filtered rows, the filter bytes included.
    adler: u32,
    /// Length of the filtered rows, which combining the Adler-32 needs.
    len: u64,
}

impl Segment {
    /// Compresses `indices`, whole rows of `width` palette indices each.
    pub(super) fn new(indices: &[u8], width: usize, place: Place) -> Result<Self, String> {
        let filtered = sub_filtered(indices, width);
        let mut compress = Compress::new(Compression::new(LEVEL), place == Place::First);
        let flush = if place == Place::Last { FlushCompress::Finish } else { FlushCompress::Sync };
        let mut deflated = Vec::with_capacity(filtered.len() / 8 + 64);
        loop {
            let consumed = usize::try_from(compress.total_in()).map_err(|e| e.to_string())?;
            let status = compress
                .compress_vec(&filtered[consumed..], &mut deflated, flush)
                .map_err(|e| e.to_string())?;
            // A flush is complete once it left output space unused (zlib's rule).
            let done = match place {
                Place::Last => status == Status::StreamEnd,
                Place::First | Place::Middle => {
                    compress.total_in() == filtered.len() as u64
                        && deflated.len() < deflated.capacity()
                }
            };
            if done {
                break;
            }
            deflated.reserve(deflated.capacity().max(1024));
        }
        Ok(Self { place, deflated, adler: adler32(1, &filtered), len: filtered.len() as u64 })
    }
}

/// Each row of `indices` behind its filter byte, filtered with Sub.
fn sub_filtered(indices: &[u8], width: usize) -> Vec<u8> {
    let mut filtered = Vec::with_capacity(indices.len() + indices.len() / width);
    for row in indices.chunks_exact(width) {
        filtered.push(SUB);
        filtered.push(row[0]);
        filtered.extend(row.windows(2).map(|pair| pair[1].wrapping_sub(pair[0])));
    }
    filtered
}

/// An 8-bit palette PNG of `width` x `height` whose rows are those of
/// `segments` in order: one first, any middle ones, one last.
pub(super) fn png(
    width: u32,
    height: u32,
    palette: &[u8],
    segments: &[&Segment],
) -> Result<Vec<u8>, String> {
    let places = segments.iter().map(|s| s.place);
    let last = segments.len().saturating_sub(1);
    if segments.len() < 2
        || places.enumerate().any(|(i, place)| {
            place
                != match i {
                    0 => Place::First,
                    i if i == last => Place::Last,
                    _ => Place::Middle,
                }
        })
    {
        return Err("the image's row segments are out of place".to_string());
    }
    let rows_len = u64::from(height) * (u64::from(width) + 1);
    if segments.iter().map(|s| s.len).sum::<u64>() != rows_len {
        return Err("the image's row segments do not add up to its size".to_string());
    }
    let mut zlib = Vec::with_capacity(segments.iter().map(|s| s.deflated.len()).sum::<usize>() + 4);
    let mut adler = segments[0].adler;
    zlib.extend_from_slice(&segments[0].deflated);
    for segment in &segments[1..] {
        adler = adler32_combine(adler, segment.adler, segment.len);
        zlib.extend_from_slice(&segment.deflated);
    }
    zlib.extend_from_slice(&adler.to_be_bytes());

    let mut out = Vec::with_capacity(zlib.len() + 256);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_chunk(png::chunk::IDAT, &zlib).map_err(|e| e.to_string())?;
    // Without sequence validation (off by default), `finish` only writes IEND.
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
pub(super) mod tests {
    use std::io::Read;

    use super::*;

    /// The chunks of `png` as (type, data), each CRC checked.
    fn chunks(png: &[u8]) -> Vec<([u8; 4], &[u8])> {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let mut chunks = Vec::new();
        let mut rest = &png[8..];
        while !rest.is_empty() {
            let len = u32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
            let (kind, data) = (&rest[4..8], &rest[8..8 + len]);
            let crc = u32::from_be_bytes(rest[8 + len..12 + len].try_into().unwrap());
            let expected = zlib_rs::crc32::crc32(zlib_rs::crc32::crc32(0, kind), data);
            assert_eq!(expected, crc, "CRC of {}", String::from_utf8_lossy(kind));
            chunks.push((kind.try_into().unwrap(), data));
            rest = &rest[12 + len..];
        }
        chunks
    }

    /// The zlib stream of `png`'s IDAT chunks, inflated; its Adler-32 checked.
    pub(in crate::render::share) fn inflated(png: &[u8]) -> Vec<u8> {
        let zlib: Vec<u8> = chunks(png)
            .into_iter()
            .filter(|(k, _)| k == b"IDAT")
            .flat_map(|(_, d)| d.to_vec())
            .collect();
        let mut data = Vec::new();
        flate2::read::ZlibDecoder::new(&zlib[..]).read_to_end(&mut data).unwrap();
        let trailer = u32::from_be_bytes(zlib[zlib.len() - 4..].try_into().unwrap());
        assert_eq!(trailer, adler32(1, &data), "the Adler-32 covers every row");
        // And the decoder checks it: a wrong one is refused.
        let mut corrupt = zlib.clone();
        *corrupt.last_mut().unwrap() ^= 1;
        assert!(flate2::read::ZlibDecoder::new(&corrupt[..]).read_to_end(&mut Vec::new()).is_err());
        data
    }

    fn rows(seed: u8, height: usize) -> Vec<u8> {
        (0..4 * height).map(|i| (i as u8).wrapping_mul(seed) % 48).collect()
    }

    #[test]
    fn segments_splice_into_one_valid_zlib_stream_with_their_rows_in_order() {
        let (a, b, c) = (rows(7, 3), rows(13, 2), rows(0, 5));
        let first = Segment::new(&a, 4, Place::First).unwrap();
        let middle = Segment::new(&b, 4, Place::Middle).unwrap();
        let last = Segment::new(&c, 4, Place::Last).unwrap();
        let png = png(4, 10, &[0; 48 * 3], &[&first, &middle, &middle, &last]);
        assert!(png.is_err(), "10 rows declared, 12 given: the decoder would refuse it");
        let png = png_of(&[&first, &middle, &last]);
        let data = inflated(&png);
        let expected: Vec<u8> = [&a[..], &b, &c]
            .concat()
            .chunks(4)
            .flat_map(|row| {
                let mut out = vec![SUB, row[0]];
                out.extend(row.windows(2).map(|p| p[1].wrapping_sub(p[0])));
                out
            })
            .collect();
        assert_eq!(data, expected);
        // The png crate decodes the same indices.
        let mut reader = png::Decoder::new(std::io::Cursor::new(&png)).read_info().unwrap();
        let mut indices = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut indices).unwrap();
        assert_eq!(indices, [a, b, c].concat());
    }

    fn png_of(segments: &[&Segment]) -> Vec<u8> {
        png(4, 10, &[0; 48 * 3], segments).unwrap()
    }

    #[test]
    fn segments_out_of_place_are_refused() {
        let first = Segment::new(&rows(3, 5), 4, Place::First).unwrap();
        let last = Segment::new(&rows(5, 5), 4, Place::Last).unwrap();
        assert!(png(4, 10, &[0; 48 * 3], &[&last, &first]).is_err());
        assert!(png(4, 10, &[0; 48 * 3], &[&first, &first]).is_err());
        assert!(png(4, 5, &[0; 48 * 3], &[&first]).is_err());
    }
}
