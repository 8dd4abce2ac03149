//! The command line's grammar (clap): every subcommand, flag and value with its help in Italian. An
//! unknown flag, a missing value or a value of the wrong shape is refused with exit code 2 before
//! anything is opened or written.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit codes, as `--help` prints them and `docs/cli.md` lists them.
pub const EXIT_CODES: &str = "Codici di uscita:
  0  eseguito (per verify: documento valido)
  1  errore: operazione rifiutata, dati non validi, database non raggiungibile (il messaggio dice quale)
     (per verify: firma non integra)
  2  uso errato: comando, opzione o valore non riconosciuti
  3  solo verify: firma integra, ma documento annullato, scaduto o non presente nel registro
  4  solo audit verify: il registro di controllo è stato alterato (il rapporto dice dove)
  5  solo sync: un'altra sincronizzazione con il portale è in corso (nulla è stato fatto)
  6  solo sync: il portale non ha risposto a tutto; la sincronizzazione è registrata e riprenderà
     (solo deadlines: 5 se un'altra postazione o servizio sta già applicando i termini)

Con --by UTENTE il comando agisce come quell'utente, che accede con la password in SPORTELLO_PASSWORD.
Gli altri comandi agiscono come l'installazione (configurazione e manutenzione).
Database: SPORTELLO_DATABASE_URL, oppure il file predefinito nella cartella dati dell'utente.";

#[derive(Debug, Parser)]
#[command(
    name = "sportello",
    version,
    about = "Sportello: il terminale per l'ufficio informatico del Comune",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Dati dimostrativi
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Utenti
    #[command(subcommand)]
    User(UserCommand),
    /// Registro di protocollo
    #[command(subcommand)]
    Protocol(ProtocolCommand),
    /// Verifica firma, registro, annullamento e validità di un documento
    Verify(VerifyArgs),
    /// Certificati
    #[command(subcommand)]
    Certificate(CertificateCommand),
    /// Configurazione dell'ente
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Registro di controllo (chi ha fatto cosa, e chi ha aperto quali pratiche)
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Crea o aggiorna lo schema del database
    Migrate,
    /// Copia il database locale (SQLite) in un nuovo database sul server e verifica la copia
    #[command(name = "migrate-to")]
    MigrateTo {
        /// Il server, con la connessione di manutenzione: postgres://UTENTE@SERVER/DATABASE
        url: String,
        /// Prefisso dei ruoli di accesso (vuoto sul server di un solo Comune)
        #[arg(long, default_value = "")]
        role_prefix: String,
    },
    /// Il server del Comune: preparazione (ruoli, schema, primo amministratore)
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Simulatore locale del portale (API di OpenCity Italia) con dati generati: non è il portale
    #[command(name = "portal-sim")]
    PortalSim(PortalSimArgs),
    /// Misure di prestazione (la coda, o il rilascio dei certificati)
    Bench(BenchArgs),
    /// Sincronizza con il portale del Comune: acquisisce le domande, consegna esiti e ricevute
    Sync(SyncArgs),
    /// Invii al portale in attesa o non riusciti
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// Domande del portale non leggibili o non instradabili
    #[command(subcommand)]
    Quarantine(QuarantineCommand),
    /// Le pratiche
    #[command(subcommand)]
    Queue(QueueCommand),
    /// Applica gli effetti dei termini di legge: integrazioni non pervenute nel termine,
    /// silenzio-assenso (una postazione o un servizio alla volta; i giorni persi sono recuperati)
    Deadlines(DeadlinesArgs),
}

#[derive(Debug, Args)]
pub struct DeadlinesArgs {
    /// Continua a controllare i termini fino a Ctrl+C (servizio sul server)
    #[arg(long)]
    pub daemon: bool,
    /// Secondi tra un controllo e il successivo (con --daemon)
    #[arg(long, default_value_t = 300)]
    pub every: u64,
    /// Risultato in JSON
    #[arg(long)]
    pub json: bool,
}

/// The portal to talk to (credentials from SPORTELLO_PORTAL_USER / SPORTELLO_PORTAL_PASSWORD).
#[derive(Debug, Args)]
pub struct PortalArgs {
    /// Indirizzo dell'API del portale, es. https://servizi.comune.example.it/lang/api
    /// (oppure SPORTELLO_PORTAL_URL)
    #[arg(long)]
    pub portal: Option<String>,
    /// File delle corrispondenze tra i moduli del portale e i servizi (predefinito: quello incluso)
    #[arg(long)]
    pub mappings: Option<PathBuf>,
    /// Nome di chi tiene il turno di sincronizzazione (predefinito: nome del computer:processo)
    #[arg(long, hide = true)]
    pub holder: Option<String>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(flatten)]
    pub portal: PortalArgs,
    /// Una sola sincronizzazione, poi esce (predefinito)
    #[arg(long, conflicts_with = "daemon")]
    pub once: bool,
    /// Sincronizza di continuo, fino a Ctrl+C (servizio sul server)
    #[arg(long)]
    pub daemon: bool,
    /// Secondi tra una sincronizzazione e la successiva (con --daemon)
    #[arg(long, default_value_t = 60)]
    pub every: u64,
    /// Rilegge tutte le domande del portale, non solo le recenti
    #[arg(long)]
    pub full: bool,
    /// Secondi di attesa prima di ritentare un invio non riuscito (raddoppiano a ogni tentativo,
    /// fino a un'ora)
    #[arg(long, default_value_t = 5)]
    pub retry_after: u32,
    /// Risultato in JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Elenca gli invii non ancora consegnati (o tutti con --all)
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Rimette in coda un invio non riuscito
    Retry {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum QuarantineCommand {
    /// Elenca le domande in quarantena (o tutte, anche risolte, con --all)
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Rilegge le domande in quarantena con le corrispondenze attuali (tutte, o --id N)
    Retry {
        #[command(flatten)]
        portal: PortalArgs,
        #[arg(long)]
        id: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum QueueCommand {
    /// Tutte le pratiche, con l'id sul portale (--limit per le prime N)
    List {
        #[arg(long)]
        limit: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct PortalSimArgs {
    /// Indirizzo di ascolto (porta 0: una libera, stampata all'avvio)
    #[arg(long, default_value = "127.0.0.1:8089")]
    pub listen: std::net::SocketAddr,
    /// Utente dell'account operatore del portale simulato
    #[arg(long, default_value = "operatore")]
    pub user: String,
    /// Password dell'account (predefinita: portale-di-prova)
    #[arg(long, default_value = "portale-di-prova")]
    pub password: String,
    /// Quante domande generare
    #[arg(long, default_value_t = 40)]
    pub applications: usize,
    /// Seme dei dati generati (stessi dati a ogni avvio)
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Guasti simulati, es. «5xx=0.1,latency=20ms,duplicate=0.05,truncate=0.02,drop=0.01,
    /// timeout=0.01,malformed=0.01,reorder=1,ttl=30s,badhash=0.02,lost=0.05»: quote (tra 0 e 1) di
    /// risposte 503, richieste appese, connessioni chiuse, JSON troncato o non valido, voci ripetute
    /// o pagine rimescolate, allegati con byte diversi, transizioni applicate con risposta persa;
    /// ritardo per richiesta e durata dei token
    #[arg(long, default_value = "")]
    pub faults: String,
    /// Quota di domande ostili (servizio sconosciuto, codice fiscale assente o errato, campi
    /// enormi, caratteri di controllo, nomi di file pericolosi, allegati da 1 GB)
    #[arg(long, default_value_t = 0.02)]
    pub hostile: f64,
    /// Quota di domande leggibili che violano una regola del servizio (registrazione scaduta,
    /// codice fiscale dell'alunno errato)
    #[arg(long, default_value_t = 0.03)]
    pub rule_breaking: f64,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Prepara il server indicato da SPORTELLO_DATABASE_URL (connessione di manutenzione, mai quella
    /// di una postazione): crea il database se manca, i ruoli, lo schema e il primo amministratore
    /// (password da SPORTELLO_PASSWORD)
    Init {
        /// Nome utente del primo amministratore
        #[arg(long)]
        admin: Option<String>,
        /// Nome e cognome del primo amministratore
        #[arg(long)]
        name: Option<String>,
        /// Prefisso dei ruoli di accesso (vuoto sul server di un solo Comune; es. «borgo.» su un
        /// server che ospita più Comuni)
        #[arg(long, default_value = "")]
        role_prefix: String,
        /// Carica anche i dati dimostrativi: gli utenti dimostrativi diventano utenti del database
        #[arg(long)]
        demo: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Carica utenti e pratiche dimostrative in un database vuoto
    Load {
        /// Quante pratiche
        #[arg(long, default_value_t = 300)]
        count: usize,
        /// Stampa il riepilogo in JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verifica la catena delle impronte dall'ultimo punto di controllo alla testa
    Verify {
        /// Numero e impronta stampati in precedenza (es. nel registro giornaliero): NUMERO:IMPRONTA
        #[arg(long, value_name = "NUMERO:IMPRONTA", value_parser = parse_anchor)]
        anchor: Option<Anchor>,
        /// Stampa il rapporto in JSON
        #[arg(long)]
        json: bool,
    },
    /// Stampa la testa della catena (numero e impronta), da conservare fuori dal database
    Head {
        #[arg(long)]
        json: bool,
    },
    /// Elimina le registrazioni più vecchie del periodo di conservazione, dietro un punto di controllo
    Prune {
        /// Mesi di conservazione (almeno 6)
        #[arg(long, default_value_t = 12)]
        keep_months: u32,
    },
}

/// An entry's number and hash printed outside the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
}

fn parse_anchor(s: &str) -> Result<Anchor, String> {
    let (seq, hash) = s
        .split_once(':')
        .ok_or("atteso NUMERO:IMPRONTA, es. 1200:3f5a…")?;
    let seq = seq
        .parse()
        .map_err(|_| format!("numero non valido: {seq}"))?;
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("l'impronta è di 64 cifre esadecimali".into());
    }
    Ok(Anchor {
        seq,
        hash: hash.to_ascii_lowercase(),
    })
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Operatore,
    Responsabile,
    Protocollo,
    Amministratore,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Crea un utente (password da SPORTELLO_PASSWORD)
    Add {
        #[arg(long)]
        username: String,
        /// Nome e cognome
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// L'ufficio (per operatori e responsabili)
        #[arg(long)]
        department: Option<String>,
        /// Stampa l'utente creato in JSON
        #[arg(long)]
        json: bool,
    },
    /// Reimposta la password di un utente (da SPORTELLO_PASSWORD)
    Password {
        #[arg(long)]
        username: String,
    },
}

/// Who acts: a user, logged in with the password in SPORTELLO_PASSWORD.
#[derive(Debug, Args)]
pub struct By {
    /// L'utente che agisce (password da SPORTELLO_PASSWORD)
    #[arg(long = "by", value_name = "UTENTE")]
    pub username: String,
}

#[derive(Debug, Subcommand)]
pub enum ProtocolCommand {
    /// Stampa il registro di protocollo dell'anno, o lo esporta in CSV (UTF-8 con BOM, righe CRLF)
    List {
        #[command(flatten)]
        by: By,
        /// L'anno (predefinito: quello in corso)
        #[arg(long)]
        year: Option<i32>,
        /// Esporta in CSV nel file indicato (- per lo standard output)
        #[arg(long, value_name = "FILE", conflicts_with = "json")]
        csv: Option<String>,
        /// Separatore del CSV: un carattere, o «tab» (Excel in italiano: ;)
        #[arg(long, default_value = ",", requires = "csv")]
        sep: String,
        /// Stampa le registrazioni in JSON
        #[arg(long)]
        json: bool,
    },
    /// Annulla una registrazione (l'originale resta leggibile)
    Annul {
        #[command(flatten)]
        by: By,
        /// Il numero, es. 2026/0000042
        #[arg(long)]
        number: String,
        /// L'atto che autorizza l'annullamento
        #[arg(long)]
        act: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Il PDF da verificare
    pub file: PathBuf,
    /// Stampa il rapporto in JSON
    #[arg(long)]
    pub json: bool,
    /// Solo la firma, senza consultare il registro
    #[arg(long)]
    pub no_register: bool,
}

#[derive(Debug, Subcommand)]
pub enum CertificateCommand {
    /// Un certificato di esempio firmato con il sigillo DEMO (non registrato)
    Sample {
        /// Il tipo, es. residenza, stato-di-famiglia
        #[arg(long = "type", default_value = "residenza")]
        kind: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Rilascia i certificati delle richieste accolte (PIN da SPORTELLO_PIN)
    Issue {
        #[command(flatten)]
        by: By,
        /// Le pratiche, separate da virgole (predefinito: tutte quelle in attesa)
        #[arg(long, value_delimiter = ',')]
        ids: Vec<i64>,
        /// Stampa gli esiti in JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Il nome del Comune
    Comune { name: String },
    /// Il dispositivo di firma dei certificati (senza argomenti: quello attuale e i moduli trovati)
    Firma {
        #[command(subcommand)]
        device: Option<DeviceArg>,
    },
    /// L'autorizzazione al pagamento virtuale del bollo
    BolloVirtuale {
        #[arg(long)]
        authority: String,
        #[arg(long)]
        number: String,
        /// AAAA-MM-GG
        #[arg(long)]
        date: NaiveDate,
    },
    /// Firme PAdES B-T con il servizio di marca temporale RFC 3161 indicato («nessuna»: B-B)
    MarcaTemporale { url: String },
    /// I dati dell'ente stampati sui documenti
    Ente(EnteArgs),
    /// Il giorno del santo patrono (MM-GG), festivo per le scadenze
    Patrono { day: String },
}

#[derive(Debug, Subcommand)]
pub enum DeviceArg {
    /// Il sigillo dimostrativo (senza valore legale)
    Demo,
    /// Un file PKCS#12 (password da SPORTELLO_PIN al momento della firma)
    Pkcs12 { file: PathBuf },
    /// Una smart card o un token attraverso il suo modulo PKCS#11
    Pkcs11 {
        module: PathBuf,
        #[arg(long)]
        token: Option<String>,
    },
    /// Un servizio di firma remota
    Remoto {
        url: String,
        #[arg(long)]
        user: String,
        #[arg(long)]
        key: String,
    },
}

#[derive(Debug, Args)]
pub struct EnteArgs {
    /// Il codice IPA, es. c_x000
    #[arg(long)]
    pub ipa: Option<String>,
    #[arg(long)]
    pub province: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub pec: Option<String>,
    /// Il TAR competente per i ricorsi
    #[arg(long)]
    pub tar: Option<String>,
    #[arg(long)]
    pub codice_fiscale: Option<String>,
    /// Lo stemma, un file PNG
    #[arg(long)]
    pub stemma: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub what: Option<BenchCommand>,
    /// Quante pratiche dimostrative (in ogni stato, caricate in blocco)
    #[arg(long, default_value_t = 100_000)]
    pub rows: usize,
    /// Quante volte si misura ogni interrogazione
    #[arg(long, default_value_t = 30)]
    pub runs: usize,
    /// Un database PostgreSQL vuoto (predefinito: un file SQLite temporaneo)
    #[arg(long)]
    pub database: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Il rilascio di N certificati, con il confronto pyHanko
    Certificates {
        #[arg(long, default_value_t = 1000)]
        count: usize,
    },
    /// La verifica del registro di controllo su N registrazioni (aggiunte a un database vuoto)
    Audit {
        #[arg(long, default_value_t = 1_000_000)]
        entries: u64,
        /// Un database PostgreSQL vuoto (predefinito: un file SQLite temporaneo)
        #[arg(long)]
        database: Option<String>,
    },
    /// Acquisizione dal portale simulato di N domande con allegati: durata per fase, prima
    /// pagina della coda durante la sincronizzazione, e il minimo (le stesse righe scritte in blocco)
    Portal {
        #[arg(long, default_value_t = 10_000)]
        applications: usize,
        /// Un database PostgreSQL vuoto (predefinito: un file SQLite temporaneo)
        #[arg(long)]
        database: Option<String>,
    },
    /// N operatori al lavoro insieme, ciascuno dalla propria postazione: presa in carico,
    /// apertura e decisione, con latenze, produttività, conflitti e verifica del registro di controllo
    Officers {
        #[arg(long, default_value_t = 20)]
        officers: usize,
        /// Quante pratiche dimostrative nel database
        #[arg(long, default_value_t = 100_000)]
        rows: usize,
        /// Quante pratiche tratta ciascun operatore
        #[arg(long, default_value_t = 25)]
        actions: usize,
        /// Un database PostgreSQL vuoto (predefinito: un file SQLite temporaneo)
        #[arg(long)]
        database: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    fn refused(args: &[&str]) -> clap::error::ErrorKind {
        Cli::try_parse_from(args).unwrap_err().kind()
    }

    #[test]
    fn unknown_flags_and_missing_values_are_refused() {
        use clap::error::ErrorKind;
        assert_eq!(
            refused(&["sportello", "demo", "load", "--cuont", "3"]),
            ErrorKind::UnknownArgument
        );
        assert_eq!(
            refused(&["sportello", "protocol", "list"]),
            ErrorKind::MissingRequiredArgument
        );
        assert_eq!(
            refused(&["sportello", "bench", "--rows", "mille"]),
            ErrorKind::ValueValidation
        );
        assert_eq!(
            refused(&[
                "sportello",
                "user",
                "add",
                "--username",
                "x",
                "--name",
                "X",
                "--role",
                "capo"
            ]),
            ErrorKind::InvalidValue
        );
        assert_eq!(
            refused(&[
                "sportello",
                "config",
                "bollo-virtuale",
                "--authority",
                "A",
                "--number",
                "1",
                "--date",
                "31/12/2026"
            ]),
            ErrorKind::ValueValidation
        );
        assert_eq!(
            refused(&["sportello", "sconosciuto"]),
            ErrorKind::InvalidSubcommand
        );
        assert_eq!(
            refused(&["sportello", "audit", "verify", "--anchor", "12:abc"]),
            ErrorKind::ValueValidation
        );
    }

    #[test]
    fn the_documented_command_lines_parse() {
        for line in [
            "sportello demo load --count 10 --json",
            "sportello protocol list --by e.conti --year 2026 --csv - --sep ;",
            "sportello protocol annul --by e.conti --number 2026/0000042 --act D --reason R",
            "sportello verify f.pdf --json --no-register",
            "sportello certificate issue --by g.verdi --ids 1,2,3",
            "sportello config firma pkcs11 /usr/lib/x.so --token T",
            "sportello config firma",
            "sportello bench --rows 2000 --database postgres://x/y",
            "sportello bench certificates --count 100",
            "sportello bench officers --officers 20 --rows 1000 --actions 5 --database postgres://x/y",
            "sportello bench audit --entries 1000",
            "sportello audit verify --json",
            "sportello audit head",
            "sportello audit prune --keep-months 24",
        ] {
            let args: Vec<&str> = line.split(' ').collect();
            assert!(Cli::try_parse_from(&args).is_ok(), "{line}");
        }
        let parsed = Cli::try_parse_from([
            "sportello",
            "certificate",
            "issue",
            "--by",
            "g",
            "--ids",
            "4,5",
        ])
        .unwrap();
        match parsed.command {
            Command::Certificate(CertificateCommand::Issue { ids, .. }) => {
                assert_eq!(ids, vec![4, 5]);
            }
            other => panic!("{other:?}"),
        }
    }
}
