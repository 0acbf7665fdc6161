//! The names kla's own routes take, which a region folder or a free page may
//! not: checked by the assembler (region folders) and the front matter
//! reader (free pages), and by `kla new region`.

/// Region folder names kla's own routes use under `/wilayah/`: later pages of
/// the regions index live at `/wilayah/halaman/2/`, where a region named
/// `halaman` would have its year pages (`routes::PAGED` must be listed here;
/// a test checks it).
pub const RESERVED_REGION_SLUGS: &[&str] = &["halaman"];

/// Top-level output routes a free page may not take, because kla's own pages live there.
pub const RESERVED_PAGE_SLUGS: &[&str] = &[
    "wilayah",
    "peringkat",
    "provinsi",
    "metodologi",
    "data",
    "en",
    "static",
    "404",
    "perubahan",
    "cari",
    "pagefind",
    "penghargaan",
];
