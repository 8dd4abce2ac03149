; Sportello's Windows installer, built on Linux by scripts/build-windows with Debian's makensis.
;
; Per-machine by default when run as an administrator (Program Files, HKLM, Start menu for all
; users), per-user otherwise; /AllUsers insists on per-machine, /CurrentUser asks for per-user, and
; so does the install-mode page. Silent with /S. The uninstaller keeps the officer's data
; (%APPDATA%\Sportello) unless /PURGE is given or the officer says yes when asked.
;
; Defines passed by the build script (makensis -D...):
;   VERSION      x.y.z from the workspace Cargo.toml
;   STAGE        folder with sportello-app.exe, sportello.exe, WebView2Loader.dll, LICENCE.txt
;   ICON         the app icon (.ico)
;   OUTFILE      the installer to write
; Exit codes (besides NSIS's own 1 = cancelled, 2 = aborted):
;   3  the WebView2 runtime is missing in a silent install (pass /SKIPWEBVIEW2CHECK to install anyway)
;   4  not a 64-bit Windows

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
ManifestDPIAware true

!ifndef VERSION | STAGE | ICON | OUTFILE
  !error "Pass -DVERSION=x.y.z -DSTAGE=dir -DICON=file.ico -DOUTFILE=setup.exe (scripts/build-windows does)"
!endif

!define PRODUCT "Sportello"
!define PUBLISHER "Sportello"
!define APP_EXE "sportello-app.exe"
!define CLI_EXE "sportello.exe"
!define REG_KEY "Software\Sportello"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Sportello"
!define WEBVIEW2_CLIENT "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_URL "https://go.microsoft.com/fwlink/p/?LinkId=2124703"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "Installazione di ${PRODUCT}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Sportello developers, EUPL-1.2"

; Per-machine unless the user lacks the rights or asks for /CurrentUser.
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${PRODUCT}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${REG_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${REG_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"

!include FileFunc.nsh
!include LogicLib.nsh
!include x64.nsh
!include MultiUser.nsh
!include MUI2.nsh

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Avvia ${PRODUCT}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Italian"

Var Purge

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${PRODUCT} richiede Windows a 64 bit." /SD IDOK
    SetErrorLevel 4
    Quit
  ${EndIf}
  SetRegView 64
  Call CheckSilentAllUsers
  ; MultiUser sets $INSTDIR from the install mode: keep a folder given with /D= instead.
  StrCpy $R9 $INSTDIR
  !insertmacro MULTIUSER_INIT
  ${If} $R9 != ""
    StrCpy $INSTDIR $R9
  ${EndIf}
  Call CheckWebView2
FunctionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MULTIUSER_UNINIT
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    StrCpy $Purge 1
  ${EndIf}
FunctionEnd

; MultiUser answers /AllUsers without administrator rights with a message box, which would hang a
; silent deployment: fail with exit code 2 instead.
Function CheckSilentAllUsers
  ${IfNot} ${Silent}
    Return
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/AllUsers" $R1
  ${If} ${Errors}
    Return
  ${EndIf}
  UserInfo::GetAccountType
  Pop $R1
  ${If} $R1 != "Admin"
  ${AndIf} $R1 != "Power"
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

; The runtime registers itself per machine (under WOW6432Node on 64-bit Windows) or per user.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    Return
  ${EndIf}
  ${If} ${Silent}
    ${GetParameters} $R0
    ClearErrors
    ${GetOptions} $R0 "/SKIPWEBVIEW2CHECK" $R1
    ${If} ${Errors}
      SetErrorLevel 3
      Quit
    ${EndIf}
    Return
  ${EndIf}
  StrCpy $1 "${PRODUCT} ha bisogno del runtime Microsoft Edge WebView2, che su questo computer non risulta installato: senza di esso il programma non si avvia."
  StrCpy $1 "$1$\r$\n$\r$\nScaricarlo da ${WEBVIEW2_URL} e installarlo, poi avviare ${PRODUCT}."
  StrCpy $1 "$1$\r$\n$\r$\nAprire ora la pagina di download? L'installazione di ${PRODUCT} prosegue comunque."
  MessageBox MB_YESNO|MB_ICONEXCLAMATION "$1" IDNO done
  ExecShell "open" "${WEBVIEW2_URL}"
  done:
FunctionEnd

Section "Sportello" Main
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\${APP_EXE}"
  File "${STAGE}\${CLI_EXE}"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\LICENCE.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr SHCTX "${REG_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${REG_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${REG_KEY}" "Version" "${VERSION}"

  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" \
    '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" \
    '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\LICENCE.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  DeleteRegKey SHCTX "${REG_KEY}"

  ; The officer's data (database, logs, seal) lives in the uninstalling user's %APPDATA%.
  ${If} $Purge != 1
    StrCpy $1 "Eliminare anche i dati di ${PRODUCT} di questo utente (database, registri e sigillo dimostrativo)?"
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "$1$\r$\n$\r$\nLa scelta predefinita li conserva." \
      /SD IDNO IDNO keep
    StrCpy $Purge 1
  ${EndIf}
  keep:
  ${If} $Purge == 1
    SetShellVarContext current
    RMDir /r "$APPDATA\${PRODUCT}"
  ${EndIf}
SectionEnd
