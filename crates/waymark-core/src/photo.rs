//! Photos of the environment (privacy rule P5): only JPEG and PNG, at most 20 MB, and with the
//! metadata that can locate or identify (EXIF with GPS, XMP, comments, text chunks) removed before
//! anything is stored.

use crate::ValidationError;

pub const MAX_PHOTO_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    Jpeg,
    Png,
}

impl MediaType {
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Checks a photo and returns it without its metadata.
pub fn strip_metadata(bytes: &[u8]) -> Result<(MediaType, Vec<u8>), ValidationError> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(ValidationError::PhotoTooLarge);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        strip_jpeg(bytes).map(|b| (MediaType::Jpeg, b))
    } else if bytes.starts_with(PNG_SIGNATURE) {
        strip_png(bytes).map(|b| (MediaType::Png, b))
    } else {
        Err(ValidationError::PhotoNotAnImage)
    }
}

/// Copies a JPEG segment by segment, leaving out APP1–APP13 and APP15 (EXIF, XMP, IPTC and the
/// like) and comments. APP0 (JFIF) and APP14 (Adobe colour) are needed to show the image right.
/// The copy ends at the end-of-image marker: whatever follows it (a motion photo's video, a
/// maker's preview) is left behind.
fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, ValidationError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        let marker = bytes
            .get(at..at + 2)
            .ok_or(ValidationError::PhotoNotAnImage)?;
        if marker[0] != 0xFF {
            return Err(ValidationError::PhotoNotAnImage);
        }
        let kind = marker[1];
        if kind == 0xD9 {
            out.extend_from_slice(marker);
            return Ok(out);
        }
        // A fill byte before a marker.
        if kind == 0xFF {
            at += 1;
            continue;
        }
        let length = bytes
            .get(at + 2..at + 4)
            .ok_or(ValidationError::PhotoNotAnImage)?;
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        let end = at + 2 + length;
        let segment = bytes.get(at..end).ok_or(ValidationError::PhotoNotAnImage)?;
        let metadata = matches!(kind, 0xE1..=0xED | 0xEF | 0xFE);
        if !metadata {
            out.extend_from_slice(segment);
        }
        at = end;
        // Start of scan: compressed image data follows, up to the next marker. A progressive
        // image has several scans, with tables between them.
        if kind == 0xDA {
            let next = next_marker(bytes, at).ok_or(ValidationError::PhotoNotAnImage)?;
            out.extend_from_slice(&bytes[at..next]);
            at = next;
        }
    }
}

/// Where the marker after a scan's compressed data starts. Inside the data a 0xFF byte is
/// followed by 0x00 (a stuffed byte) or a restart marker (0xD0 to 0xD7); anything else after
/// 0xFF is the next marker.
fn next_marker(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let found = at + bytes.get(at..)?.iter().position(|b| *b == 0xFF)?;
        match bytes.get(found + 1)? {
            0x00 | 0xD0..=0xD7 | 0xFF => at = found + 1,
            _ => return Some(found),
        }
    }
}

/// Copies a PNG chunk by chunk, leaving out EXIF, text and time chunks.
fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, ValidationError> {
    let mut out = PNG_SIGNATURE.to_vec();
    let mut at = PNG_SIGNATURE.len();
    while at < bytes.len() {
        let header = bytes
            .get(at..at + 8)
            .ok_or(ValidationError::PhotoNotAnImage)?;
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind = &header[4..8];
        let end = at + 12 + length;
        let chunk = bytes.get(at..end).ok_or(ValidationError::PhotoNotAnImage)?;
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        at = end;
        if kind == b"IEND" {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(kind: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, kind];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    fn jpeg_with_exif() -> Vec<u8> {
        let mut j = vec![0xFF, 0xD8];
        j.extend(segment(0xE0, b"JFIF\0\x01\x01"));
        j.extend(segment(
            0xE1,
            b"Exif\0\0GPSLatitude 52.41 GPSLongitude -1.97",
        ));
        j.extend(segment(0xFE, b"Taken by A. Worker"));
        j.extend(segment(0xDB, &[0u8; 65]));
        j.extend(segment(0xDA, &[1, 2, 3]));
        j.extend_from_slice(&[0x11, 0x22, 0xFF, 0xD9]);
        j
    }

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0, 0, 0, 0]);
        c
    }

    fn png_with_text() -> Vec<u8> {
        let mut p = PNG_SIGNATURE.to_vec();
        p.extend(chunk(b"IHDR", &[0; 13]));
        p.extend(chunk(b"tEXt", b"Author\0A. Worker"));
        p.extend(chunk(b"eXIf", b"MM\0*GPS"));
        p.extend(chunk(b"IDAT", &[9, 9, 9]));
        p.extend(chunk(b"IEND", &[]));
        p
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn exif_gps_and_comments_are_removed_from_a_jpeg() {
        let (kind, clean) = strip_metadata(&jpeg_with_exif()).expect("a jpeg");
        assert_eq!(kind, MediaType::Jpeg);
        assert!(!contains(&clean, b"GPS"));
        assert!(!contains(&clean, b"A. Worker"));
        assert!(contains(&clean, b"JFIF"), "the JFIF header stays");
        assert!(
            clean.ends_with(&[0x11, 0x22, 0xFF, 0xD9]),
            "the image data is untouched"
        );
    }

    #[test]
    fn text_and_exif_chunks_are_removed_from_a_png() {
        let (kind, clean) = strip_metadata(&png_with_text()).expect("a png");
        assert_eq!(kind, MediaType::Png);
        assert!(!contains(&clean, b"A. Worker"));
        assert!(!contains(&clean, b"GPS"));
        assert!(
            contains(&clean, b"IHDR") && contains(&clean, b"IDAT") && contains(&clean, b"IEND")
        );
    }

    #[test]
    fn whatever_follows_the_end_of_a_jpeg_or_png_is_cut_off() {
        let mut motion_photo = jpeg_with_exif();
        motion_photo.extend_from_slice(b"\0\0\0\x18ftypmp42 the video of a motion photo");
        let (_, clean) = strip_metadata(&motion_photo).expect("a jpeg");
        assert!(clean.ends_with(&[0x11, 0x22, 0xFF, 0xD9]));
        assert!(!contains(&clean, b"ftyp"));

        // Stuffed bytes and restart markers inside the scan, and a second scan, are kept.
        let mut progressive = vec![0xFF, 0xD8];
        progressive.extend(segment(0xDA, &[1, 2, 3]));
        progressive.extend_from_slice(&[0x10, 0xFF, 0x00, 0x20, 0xFF, 0xD3, 0x30]);
        progressive.extend(segment(0xC4, &[7; 5]));
        progressive.extend(segment(0xDA, &[4, 5, 6]));
        progressive.extend_from_slice(&[0x40, 0xFF, 0xD9]);
        let mut trailed = progressive.clone();
        trailed.extend_from_slice(b"trailing maker data");
        assert_eq!(strip_metadata(&trailed), Ok((MediaType::Jpeg, progressive)));

        let mut png = png_with_text();
        png.extend_from_slice(b"data after IEND");
        let (_, clean) = strip_metadata(&png).expect("a png");
        assert!(clean.ends_with(&chunk(b"IEND", &[])));
    }

    #[test]
    fn other_files_are_refused() {
        for bytes in [
            &b"%PDF-1.7 a document"[..],
            b"GIF89a",
            b"",
            &[0xFF, 0xD8, 0xFF],
        ] {
            assert_eq!(
                strip_metadata(bytes),
                Err(ValidationError::PhotoNotAnImage),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn a_truncated_image_is_refused() {
        let jpeg = jpeg_with_exif();
        assert_eq!(
            strip_metadata(&jpeg[..12]),
            Err(ValidationError::PhotoNotAnImage)
        );
        let png = png_with_text();
        assert_eq!(
            strip_metadata(&png[..20]),
            Err(ValidationError::PhotoNotAnImage)
        );
    }

    #[test]
    fn a_photo_over_20_mb_is_refused() {
        let mut huge = jpeg_with_exif();
        huge.resize(MAX_PHOTO_BYTES + 1, 0);
        assert_eq!(strip_metadata(&huge), Err(ValidationError::PhotoTooLarge));
    }
}
