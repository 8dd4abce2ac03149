//! The contrassegno as a QR code image: one pixel per module with the 4-module quiet zone, drawn
//! without interpolation so it stays sharp at any zoom.

use genpdf::elements::Image;
use image::{GrayImage, Luma};
use qrcode::{Color, EcLevel, QrCode};

use crate::DocumentError;

const QUIET: u32 = 4;

/// The QR code of `payload`, `size_mm` wide.
pub fn image(payload: &str, size_mm: f64) -> Result<Image, DocumentError> {
    let gray = modules(payload)?;
    let dpi = 25.4 * f64::from(gray.width()) / size_mm;
    Ok(
        Image::from_dynamic_image(image::DynamicImage::ImageLuma8(gray))
            .map_err(|e| DocumentError::Image(e.to_string()))?
            .with_dpi(dpi),
    )
}

/// The modules as a grey image, quiet zone included.
pub fn modules(payload: &str) -> Result<GrayImage, DocumentError> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| DocumentError::Image(e.to_string()))?;
    let width = code.width() as u32;
    let colors = code.to_colors();
    let side = width + 2 * QUIET;
    Ok(GrayImage::from_fn(side, side, |x, y| {
        let inside = (QUIET..QUIET + width).contains(&x) && (QUIET..QUIET + width).contains(&y);
        let dark = inside && colors[((y - QUIET) * width + (x - QUIET)) as usize] == Color::Dark;
        Luma([if dark { 0 } else { 255 }])
    }))
}
