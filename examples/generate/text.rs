//! Placeholder narratives for generated sites: Indonesian-looking prose with
//! the Markdown a real narrative uses (headings, lists, a table, external and
//! `@/` internal links), sized by a word budget.
//!
//! The words are drawn from a fixed vocabulary with the caller's seeded
//! generator, so the same seed gives the same text. Nothing here is data.

use std::fmt::Write;

use fastrand::Rng;

use super::wilayah::GenRegion;

const WORDS: &[&str] = &[
    "anak",
    "layanan",
    "daerah",
    "program",
    "kesehatan",
    "pendidikan",
    "perlindungan",
    "keluarga",
    "forum",
    "pemerintah",
    "kabupaten",
    "kota",
    "desa",
    "kelurahan",
    "sekolah",
    "puskesmas",
    "ramah",
    "hak",
    "data",
    "tahun",
    "capaian",
    "indikator",
    "pelayanan",
    "masyarakat",
    "dinas",
    "kegiatan",
    "pengasuhan",
    "gizi",
    "akta",
    "kelahiran",
    "partisipasi",
    "bermain",
    "ruang",
    "terpadu",
    "evaluasi",
    "verifikasi",
    "lapangan",
    "dukungan",
    "anggaran",
    "kebijakan",
    "peraturan",
    "lembaga",
    "relawan",
    "posyandu",
    "kader",
    "pelatihan",
    "warga",
    "meningkat",
    "menurun",
    "bertahan",
    "baru",
    "lama",
    "lebih",
    "kurang",
    "semua",
    "setiap",
    "dengan",
    "untuk",
    "dalam",
    "pada",
    "dari",
    "yang",
    "dan",
    "atau",
    "juga",
    "masih",
];

/// A region profile narrative (`index.md`) of about `words` words: front matter,
/// paragraphs, two headings, a list, a table and links to `neighbours`.
pub(crate) fn region_narrative(
    rng: &mut Rng,
    region: &GenRegion,
    neighbours: &[&GenRegion],
    words: usize,
    rich: bool,
) -> String {
    let mut md = String::with_capacity(words * 8 + 512);
    let _ = writeln!(md, "+++");
    let _ = writeln!(md, "title = {}", quoted(&region.name));
    let description = format!("{} dalam evaluasi Kabupaten/Kota Layak Anak.", region.name);
    let _ = writeln!(md, "description = {}", quoted(&description));
    let _ = writeln!(md, "date = \"2024-{:02}-{:02}\"", rng.u8(1..=12), rng.u8(1..=28));
    let _ = writeln!(md, "+++\n");
    let mut budget = words;
    budget = budget.saturating_sub(paragraph(rng, &mut md, budget.min(60)));
    for (n, peer) in neighbours.iter().enumerate() {
        let _ = writeln!(md, "Lihat juga [{}](@/regions/{}).", peer.name, peer.slug);
        if n == 0 {
            let _ = writeln!(md, "Cara penilaian ada di [metodologi](@/methodology).\n");
        }
    }
    md.push('\n');
    if rich {
        let _ = writeln!(md, "## Capaian utama\n");
        for _ in 0..4 {
            md.push_str("- ");
            budget = budget.saturating_sub(sentence(rng, &mut md));
            md.push('\n');
        }
        let _ = writeln!(md, "\n| Klaster | Catatan | Sumber |\n|---|---|---|");
        for cluster in ["Kelembagaan", "Hak sipil", "Kesehatan dasar", "Pendidikan"] {
            let _ = writeln!(
                md,
                "| {cluster} | {} {} {} | [laporan](https://data.example.org/{}/{}) |",
                pick(rng),
                pick(rng),
                pick(rng),
                region.slug,
                rng.u16(1..1000)
            );
            budget = budget.saturating_sub(5);
        }
        let _ = writeln!(md, "\n## Tantangan\n");
    }
    while budget > 0 {
        budget = budget.saturating_sub(paragraph(rng, &mut md, budget.min(70)));
    }
    md
}

/// Writes a paragraph of about `words` words; returns the number written.
fn paragraph(rng: &mut Rng, md: &mut String, words: usize) -> usize {
    let mut written = 0;
    while written < words {
        written += sentence(rng, md);
        md.push(' ');
    }
    md.push_str("\n\n");
    written
}

/// Writes one sentence of 8 to 15 words, sometimes with emphasis; returns its length.
fn sentence(rng: &mut Rng, md: &mut String) -> usize {
    let n = rng.usize(8..=15);
    for i in 0..n {
        let word = pick(rng);
        match i {
            0 => {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    md.extend(first.to_uppercase());
                    md.push_str(chars.as_str());
                }
            }
            _ if rng.u8(0..40) == 0 => {
                let _ = write!(md, " **{word}**");
            }
            _ => {
                md.push(' ');
                md.push_str(word);
            }
        }
    }
    md.push('.');
    n
}

fn pick(rng: &mut Rng) -> &'static str {
    WORDS[rng.usize(0..WORDS.len())]
}

/// A TOML basic string.
pub(crate) fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}
