//! What every document shares: the A4 sheet with the Comune's heading, the footer with the
//! document's references, the «DEMO — non valido» banner, and text helpers that respect genpdf's
//! limits (no `\n` inside a paragraph, WinAnsi characters only).

use genpdf::elements::{Break, Image, LinearLayout, Paragraph, TableLayout};
use genpdf::style::{Color, Style};
use genpdf::{render, Alignment, Context, Element, Margins, Mm, PageDecorator, Position};
use image::GenericImageView;

use crate::fonts::Fonts;
use crate::winansi::sanitize;
use crate::{ComuneIdentity, DocumentError};

pub const BLUE: Color = Color::Rgb(0, 68, 136);
pub const GREY: Color = Color::Rgb(90, 90, 90);
pub const RED: Color = Color::Rgb(200, 0, 0);
pub const DEMO_TEXT: &str = "DEMO — non valido";

/// A new A4 document with the Comune's heading and `footer` on every page.
pub fn document(
    fonts: &Fonts,
    comune: &ComuneIdentity,
    title: &str,
    footer: String,
    demo: bool,
) -> Result<genpdf::Document, DocumentError> {
    let mut doc = genpdf::Document::new(fonts.family());
    doc.set_title(sanitize(title));
    doc.set_paper_size(genpdf::PaperSize::A4);
    doc.set_minimal_conformance();
    doc.set_font_size(10);
    doc.set_line_spacing(1.1);
    doc.set_page_decorator(Sheet {
        page: 0,
        demo,
        comune: comune.clone(),
        arms: coat_of_arms(comune)?,
        footer: sanitize(&footer),
    });
    Ok(doc)
}

/// genpdf's output bytes.
pub fn finish(doc: genpdf::Document) -> Result<Vec<u8>, DocumentError> {
    let mut out = Vec::with_capacity(32 * 1024);
    doc.render(&mut out)
        .map_err(|e| DocumentError::Layout(e.to_string()))?;
    Ok(out)
}

/// One paragraph per line of `text` (genpdf draws a box for `\n`).
pub fn lines(text: &str, style: Style) -> LinearLayout {
    let mut layout = LinearLayout::vertical();
    for line in text.lines() {
        layout.push(para(line, style));
    }
    layout
}

pub fn para(text: &str, style: Style) -> Paragraph {
    let mut p = Paragraph::default();
    p.push_styled(sanitize(text), style);
    p
}

pub fn centered(text: &str, style: Style) -> Paragraph {
    para(text, style).aligned(Alignment::Center)
}

pub fn gap(lines: f64) -> Break {
    Break::new(lines)
}

/// A two-column list of labelled values.
pub fn fields(rows: &[(&str, String)]) -> Result<TableLayout, DocumentError> {
    let mut table = TableLayout::new(vec![2, 5]);
    for (label, value) in rows {
        table
            .row()
            .element(para(label, Style::new().with_color(GREY)))
            .element(para(value, Style::new().bold()))
            .push()
            .map_err(|e| DocumentError::Layout(e.to_string()))?;
    }
    Ok(table)
}

fn coat_of_arms(comune: &ComuneIdentity) -> Result<Option<image::DynamicImage>, DocumentError> {
    let Some(png) = &comune.coat_of_arms_png else {
        return Ok(None);
    };
    let img = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .map_err(|e| DocumentError::Image(e.to_string()))?
        .to_rgba8();
    // Flatten transparency on white: PDF/A needs no soft mask then, and printpdf 0.3 drops alpha.
    let rgb = image::RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let [r, g, b, a] = img.get_pixel(x, y).0;
        let mix = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([mix(r), mix(g), mix(b)])
    });
    Ok(Some(image::DynamicImage::ImageRgb8(rgb)))
}

/// Prepares every page: margins, demo banner, heading, footer.
struct Sheet {
    page: usize,
    demo: bool,
    comune: ComuneIdentity,
    arms: Option<image::DynamicImage>,
    footer: String,
}

impl Sheet {
    fn heading(&self) -> Result<Box<dyn Element>, DocumentError> {
        let c = &self.comune;
        let mut text = LinearLayout::vertical();
        text.push(para(
            &c.title(),
            Style::new().bold().with_font_size(16).with_color(BLUE),
        ));
        text.push(para(
            &format!("Provincia di {}", c.province),
            Style::new().with_font_size(9),
        ));
        let contact = format!("{} – PEC {} – Codice IPA {}", c.address, c.pec, c.ipa_code);
        text.push(para(
            &contact,
            Style::new().with_font_size(8).with_color(GREY),
        ));
        let Some(arms) = &self.arms else {
            return Ok(Box::new(text));
        };
        // 16 mm tall whatever the PNG's resolution.
        let dpi = 25.4 * f64::from(arms.height().max(1)) / 16.0;
        let image = Image::from_dynamic_image(arms.clone())
            .map_err(|e| DocumentError::Image(e.to_string()))?
            .with_dpi(dpi);
        let mut table = TableLayout::new(vec![1, 7]);
        table
            .row()
            .element(image)
            .element(text)
            .push()
            .map_err(|e| DocumentError::Layout(e.to_string()))?;
        Ok(Box::new(table))
    }

    fn footer_element(&self) -> LinearLayout {
        let mut footer = LinearLayout::vertical();
        let small = Style::new().with_font_size(8).with_color(GREY);
        footer.push(centered(
            &format!("{} – pagina {}", self.footer, self.page),
            small,
        ));
        if self.demo {
            footer.push(centered(DEMO_TEXT, demo_style(16)));
        }
        footer
    }
}

fn demo_style(size: u8) -> Style {
    Style::new().bold().with_font_size(size).with_color(RED)
}

impl PageDecorator for Sheet {
    fn decorate_page<'a>(
        &mut self,
        context: &Context,
        mut area: render::Area<'a>,
        style: Style,
    ) -> Result<render::Area<'a>, genpdf::error::Error> {
        self.page += 1;
        area.add_margins(Margins::trbl(12, 18, 10, 18));
        let footer_height = Mm::from(if self.demo { 16 } else { 7 });
        let mut footer_area = area.clone();
        footer_area.add_offset(Position::new(0, area.size().height - footer_height));
        self.footer_element().render(context, footer_area, style)?;
        area.set_height(area.size().height - footer_height - Mm::from(3));
        if self.demo {
            let banner =
                centered(DEMO_TEXT, demo_style(26)).render(context, area.clone(), style)?;
            area.add_offset(Position::new(0, banner.size.height + Mm::from(2)));
        }
        let heading = self.heading().map_err(|e| {
            genpdf::error::Error::new(e.to_string(), genpdf::error::ErrorKind::Internal)
        })?;
        let mut heading = heading;
        let size = heading.render(context, area.clone(), style)?.size;
        let y = size.height + Mm::from(2);
        area.draw_line(
            vec![Position::new(0, y), Position::new(area.size().width, y)],
            Style::new().with_color(BLUE),
        );
        area.add_offset(Position::new(0, y + Mm::from(5)));
        Ok(area)
    }
}
