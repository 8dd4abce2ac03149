//! Where the usual PKCS#11 modules of Italian signature cards (CNS / firma digitale) and of
//! generic middleware are installed.

use std::path::{Path, PathBuf};

/// The operating system whose conventions apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleOs {
    Windows,
    Linux,
    MacOs,
}

/// Windows system folders (ignored elsewhere).
#[derive(Debug, Clone)]
pub struct WindowsDirs {
    /// `%SystemRoot%`, usually `C:\Windows`.
    pub system_root: String,
    /// `%ProgramFiles%` and `%ProgramFiles(x86)%`.
    pub program_files: Vec<String>,
}

/// Card vendors' DLLs installed in `System32`.
const WINDOWS_SYSTEM_DLLS: [&str; 8] = [
    "bit4xpki.dll",      // Bit4id (Aruba, InfoCert, Namirial tokens)
    "bit4ipki.dll",      // Bit4id, older
    "asepkcs.dll",       // Athena / InfoCert
    "incryptoki2.dll",   // IDEMIA (Oberthur) CNS
    "idprimepkcs11.dll", // Thales / Gemalto IDPrime
    "cnsPKCS11.dll",     // Regional CNS middleware
    "cvP11.dll",         // Charismathics (CNS)
    "opensc-pkcs11.dll", // OpenSC
];

/// DLLs below `Program Files`.
const WINDOWS_PROGRAM_FILES_DLLS: [&str; 2] = [
    r"OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll",
    r"Gemalto\IDGo 800 PKCS#11\IDPrimePKCS1164.dll",
];

const LINUX_MODULES: [&str; 9] = [
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so",
    "/usr/lib/opensc-pkcs11.so",
    "/usr/lib/libbit4xpki.so",
    "/usr/local/lib/libbit4xpki.so",
    "/usr/lib/libASEP11.so",
    "/usr/local/lib/libASEP11.so",
];

const MACOS_MODULES: [&str; 3] = [
    "/Library/OpenSC/lib/opensc-pkcs11.so",
    "/usr/local/lib/libbit4xpki.dylib",
    "/usr/local/lib/libASEP11.dylib",
];

/// Every usual module path for `os`, whether installed or not.
pub fn candidate_modules(os: ModuleOs, windows: &WindowsDirs) -> Vec<PathBuf> {
    match os {
        ModuleOs::Windows => {
            let root = windows.system_root.trim_end_matches('\\');
            let system = WINDOWS_SYSTEM_DLLS
                .iter()
                .map(|dll| format!(r"{root}\System32\{dll}"));
            let programs = windows.program_files.iter().flat_map(|pf| {
                let pf = pf.trim_end_matches('\\').to_string();
                WINDOWS_PROGRAM_FILES_DLLS
                    .iter()
                    .map(move |rel| format!(r"{pf}\{rel}"))
            });
            system.chain(programs).map(PathBuf::from).collect()
        }
        ModuleOs::Linux => LINUX_MODULES.iter().map(PathBuf::from).collect(),
        ModuleOs::MacOs => MACOS_MODULES.iter().map(PathBuf::from).collect(),
    }
}

/// The candidates for which `exists` holds (kept apart from the file system for tests).
pub fn existing(candidates: Vec<PathBuf>, exists: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    candidates.into_iter().filter(|p| exists(p)).collect()
}

/// The usual PKCS#11 modules installed on this machine, to offer in the settings.
pub fn probe_modules() -> Vec<PathBuf> {
    let os = if cfg!(windows) {
        ModuleOs::Windows
    } else if cfg!(target_os = "macos") {
        ModuleOs::MacOs
    } else {
        ModuleOs::Linux
    };
    let env = |name: &str| std::env::var(name).ok();
    let windows = WindowsDirs {
        system_root: env("SystemRoot").unwrap_or_else(|| r"C:\Windows".into()),
        program_files: ["ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"]
            .iter()
            .filter_map(|v| env(v))
            .collect(),
    };
    existing(candidate_modules(os, &windows), Path::is_file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> WindowsDirs {
        WindowsDirs {
            system_root: r"D:\Win\".into(),
            program_files: vec![r"C:\Program Files".into()],
        }
    }

    #[test]
    fn windows_candidates_cover_italian_card_dlls_in_system32_and_program_files() {
        let paths: Vec<String> = candidate_modules(ModuleOs::Windows, &dirs())
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        for dll in [
            "bit4xpki.dll",
            "asepkcs.dll",
            "incryptoki2.dll",
            "cnsPKCS11.dll",
        ] {
            assert!(
                paths.contains(&format!(r"D:\Win\System32\{dll}")),
                "{dll} missing"
            );
        }
        let opensc = r"C:\Program Files\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll";
        assert!(paths.iter().any(|p| p == opensc));
    }

    #[test]
    fn only_existing_modules_are_offered() {
        let linux = candidate_modules(ModuleOs::Linux, &dirs());
        assert!(linux.iter().any(|p| p.ends_with("libbit4xpki.so")));
        let found = existing(linux, |p| p.to_string_lossy().contains("softhsm2"));
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|p| p.ends_with("libsofthsm2.so")));
    }
}
