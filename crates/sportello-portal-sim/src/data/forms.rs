//! Each service's Form.io `data` (besides the applicant block), filled in as a citizen would, with
//! the file uploads as the platform lists them (`{id, name, url, originalName, description,
//! protocol_required}`).

use chrono::{Days, NaiveDate};
use serde_json::{json, Map, Value};

use super::people::{self, Person};
use super::time::formio_date;
use crate::files::PHOTO_PREFIX;
use crate::rng::Rng;

/// Makes the file objects of one application, with ids unique to it.
#[derive(Debug)]
pub struct Files<'a> {
    pub app_id: &'a str,
    pub base: &'a str,
    pub number: usize,
    pub ids: Vec<String>,
}

impl Files<'_> {
    /// A file object; `prefix` tells what the bytes are (`f0` a PDF, `f1` a photo, `f9` huge).
    pub fn file(&mut self, prefix: &str, original: &str, description: &str) -> Value {
        let id = format!(
            "{prefix}{:06}-0000-4000-8000-{:012}",
            self.ids.len(),
            self.number
        );
        let extension = if prefix == PHOTO_PREFIX { "jpg" } else { "pdf" };
        let value = json!({
            "id": id,
            "name": format!("{}-{}.{extension}", original.split('.').next().unwrap_or("file"), &id[..8]),
            "url": format!("{}/applications/{}/attachments/{id}?version=2", self.base, self.app_id),
            "originalName": original,
            "description": description,
            "protocol_required": true,
        });
        self.ids.push(id);
        value
    }

    fn pdf(&mut self, original: &str, description: &str) -> Value {
        json!([self.file("f0", original, description)])
    }
}

/// The form of `catalogue` service for `who`, as of `today` (the simulator's base date).
pub fn form(
    catalogue: &str,
    rng: &mut Rng,
    who: &Person,
    today: NaiveDate,
    files: &mut Files<'_>,
) -> Map<String, Value> {
    let value = match catalogue {
        "certificato-anagrafico" => certificate(rng, who, files),
        "contributo-affitto" => rent(rng, today, files),
        "identificazione-account" => identification(rng, today),
        "iscrizione-servizi-scolastici" => school(rng, who),
        "pratica-suap" => suap(rng, who, files),
        "prenotazione-appuntamento" => appointment(rng, today),
        "iscrizione-nido" => nursery(rng, who),
        "ritiro-buoni-spesa" => vouchers(rng, today),
        _ => report(rng, files),
    };
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn later(today: NaiveDate, rng: &mut Rng, from: i64, to: i64) -> NaiveDate {
    today + Days::new(rng.between(from, to).unsigned_abs())
}

fn certificate(rng: &mut Rng, who: &Person, files: &mut Files<'_>) -> Value {
    let kinds = [
        "Residenza",
        "Stato di famiglia",
        "Stato di famiglia con rapporti di parentela",
        "Nascita",
        "Cittadinanza",
        "Esistenza in vita",
        "Stato civile",
        "Stato libero",
        "Contestuale",
    ];
    let uses = [
        "Esenzione: ONLUS",
        "Esenzione: società sportive",
        "Esenzione: procedimento giudiziario",
        "Esenzione: pensione estera",
        "Esenzione: altro",
    ];
    let uso = if rng.chance(0.6) {
        "Uso generico (in bollo)"
    } else {
        *rng.pick(&uses)
    };
    let holder = if rng.chance(0.7) {
        who.clone()
    } else {
        Person::new(rng, 1940, 2020)
    };
    let mut form = json!({
        "tipo_certificato": rng.pick(&kinds),
        "intestatario": {"fiscal_code": holder.fiscal_code},
        "uso": uso,
        "copie": rng.between(1, 3),
    });
    // A contestuale asks for its parts (the usual pair; the family only when asked for).
    if form["tipo_certificato"] == "Contestuale" {
        form["contestuale"] = json!({"residenza": true, "cittadinanza": true});
    }
    if uso == "Esenzione: altro" {
        form["motivo_esenzione"] = json!("Pratica di successione presso il notaio");
    }
    // The first application always carries one: the client's tests download it.
    if rng.chance(0.7) || files.number == 0 {
        let name = format!(
            "carta-identita-{}.pdf",
            who.family.to_lowercase().replace([' ', '\''], "")
        );
        form["documento_identita"] = files.pdf(&name, "Documento d'identità del richiedente");
    }
    form
}

fn rent(rng: &mut Rng, today: NaiveDate, files: &mut Files<'_>) -> Value {
    let offices = ["Pescara", "Chieti", "Montesilvano", "Roma 2"];
    json!({
        "tipo_bando": if rng.chance(0.8) { "Ordinario" } else { "Straordinario" },
        "isee": {"valore_isee": rng.between(1_500, 25_900) as f64 + 0.5 * rng.between(0, 1) as f64},
        "contratto": {
            "canone_mensile": rng.between(250, 950),
            "estremi_registrazione": format!("Serie 3T n. {} - Agenzia delle Entrate {}", rng.digits(5), rng.pick(&offices)),
            "scadenza_registrazione": formio_date(later(today, rng, 120, 1400)),
        },
        "iban": {"iban": people::iban(rng)},
        "nucleo_familiare": {"componenti": rng.between(1, 6)},
        "contratto_locazione": files.pdf("contratto-locazione.pdf", "Contratto di locazione registrato"),
        "attestazione_isee": files.pdf("attestazione-isee.pdf", "Attestazione ISEE"),
    })
}

fn identification(rng: &mut Rng, today: NaiveDate) -> Value {
    let kinds = [
        "Carta d'identità elettronica",
        "Carta d'identità cartacea",
        "Passaporto",
        "Patente di guida",
    ];
    let slots = [
        "Lunedì 10-12",
        "Mercoledì 10-12",
        "Venerdì 10-12",
        "Martedì 15-17",
        "Giovedì 15-17",
    ];
    json!({
        "documento": {
            "tipo": rng.pick(&kinds),
            "numero": format!("C{}{}{}", char::from(b'A' + rng.below(26) as u8), rng.digits(5), "AB"),
            "scadenza": formio_date(later(today, rng, 200, 3000)),
        },
        "fascia_oraria": rng.pick(&slots),
    })
}

fn school(rng: &mut Rng, who: &Person) -> Value {
    let services = ["Mensa scolastica", "Trasporto scolastico"];
    let schools = [
        "Scuola primaria «G. Rodari»",
        "Scuola dell'infanzia «Villa Verde»",
        "Istituto comprensivo «D. Alighieri»",
    ];
    let mut pupil = Person::new(rng, 2014, 2023);
    pupil.family.clone_from(&who.family);
    pupil.fiscal_code = people::fiscal_code(
        &pupil.family,
        &pupil.given,
        pupil.born,
        pupil.female,
        people::PLACES[pupil.place].1,
    );
    let mut form = json!({
        "servizio_richiesto": rng.pick(&services),
        "alunno": {
            "completename": {"name": pupil.given, "surname": pupil.family},
            "fiscal_code": {"fiscal_code": pupil.fiscal_code},
            "Born": {"natoAIl": formio_date(pupil.born)},
        },
        "scuola_classe": format!("{}, classe {}ª {}", rng.pick(&schools), rng.between(1, 5), rng.pick(&["A", "B", "C"])),
        "dieta_speciale": rng.chance(0.15),
    });
    if rng.chance(0.6) {
        form["isee"] = json!(rng.between(2_000, 40_000));
    }
    form
}

fn nursery(rng: &mut Rng, who: &Person) -> Value {
    let nurseries = [
        "Nido «Il Girasole»",
        "Nido «Arcobaleno»",
        "Nessuna preferenza",
    ];
    let mut child = Person::new(rng, 2023, 2025);
    child.family.clone_from(&who.family);
    child.fiscal_code = people::fiscal_code(
        &child.family,
        &child.given,
        child.born,
        child.female,
        people::PLACES[child.place].1,
    );
    let mut form = json!({
        "bambino": {"fiscal_code": {"fiscal_code": child.fiscal_code}},
        "nido_preferito": rng.pick(&nurseries),
        "genitori_lavoratori": rng.chance(0.7),
    });
    if rng.chance(0.7) {
        form["isee"] = json!(rng.between(3_000, 45_000));
    }
    form
}

fn vouchers(rng: &mut Rng, today: NaiveDate) -> Value {
    let mut form = json!({"data_preferita": formio_date(later(today, rng, 3, 30))});
    if rng.chance(0.3) {
        form["note"] = json!("Posso venire solo il pomeriggio.");
    }
    form
}

fn suap(rng: &mut Rng, who: &Person, files: &mut Files<'_>) -> Value {
    let kinds = [
        "SCIA apertura",
        "SCIA modifica",
        "Subingresso",
        "Cessazione",
        "Autorizzazione",
    ];
    let trades = [
        ("Bar", "56.30.00"),
        ("Forno", "10.71.10"),
        ("Ferramenta", "47.52.10"),
        ("Parrucchiere", "96.02.01"),
        ("Ristorante", "56.10.11"),
    ];
    let (trade, ateco) = *rng.pick(&trades);
    let (street, number) = people::street(rng);
    json!({
        "tipo_pratica": rng.pick(&kinds),
        "impresa": {
            "denominazione": format!("{trade} {} di {} {} S.n.c.", who.family, who.given, who.family),
            "partita_iva": people::vat_number(rng),
            "codice_ateco": ateco,
            "sede": {"indirizzo": format!("{street} {number}, Montesilvano")},
        },
        "modulo_scia": files.pdf("modulo-scia-firmato.pdf", "Modulo SCIA firmato digitalmente"),
    })
}

fn appointment(rng: &mut Rng, today: NaiveDate) -> Value {
    let reasons = [
        "Carta d'identità elettronica",
        "Cambio di residenza",
        "Certificati allo sportello",
    ];
    let mut form = json!({
        "motivo": rng.pick(&reasons),
        "data_preferita": formio_date(later(today, rng, 30, 240)),
    });
    if rng.chance(0.4) {
        form["note"] = json!("Preferisco il mattino, se possibile.");
    }
    form
}

fn report(rng: &mut Rng, files: &mut Files<'_>) -> Value {
    let categories = [
        (
            "Buca stradale",
            "Una buca profonda sulla carreggiata, pericolosa per gli scooter.",
        ),
        (
            "Illuminazione pubblica",
            "Il lampione davanti al civico è spento da una settimana.",
        ),
        (
            "Rifiuti abbandonati",
            "Sacchi e un materasso abbandonati accanto ai cassonetti.",
        ),
        (
            "Verde pubblico",
            "Rami pericolanti sopra il marciapiede dopo il temporale.",
        ),
        (
            "Segnaletica",
            "Il cartello di stop è piegato e non si vede più.",
        ),
    ];
    let (category, text) = *rng.pick(&categories);
    let (street, number) = people::street(rng);
    let mut form = json!({
        "categoria": category,
        "luogo": {"indirizzo": format!("{street} {number}")},
        "descrizione": text,
    });
    if rng.chance(0.5) {
        form["foto"] = json!([files.file(PHOTO_PREFIX, "foto-segnalazione.jpg", "Fotografia")]);
    }
    form
}
