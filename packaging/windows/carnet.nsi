; Carnet's Windows installer, built on Debian by `makensis` (see .ci/windows/installer).
; Per-user install (no administrator rights): %LOCALAPPDATA%\Programs\Carnet, a Start menu
; entry, an uninstaller. The register itself lives in %APPDATA%\app.carnet.desktop and is
; never touched by installing, upgrading or uninstalling.
;
; makensis -DVERSION=0.1.0 -DBIN=<folder with carnet.exe, carnet-admin.exe,
;          WebView2Loader.dll> -DOUT=<installer.exe> carnet.nsi

Unicode true
; A 64-bit installer for a 64-bit program (Debian's NSIS has the amd64 stubs and plugins).
Target amd64-unicode
SetCompressor /SOLID lzma
; A dictionary as large as both programs: their shared parts (SQLCipher, OpenSSL, fonts)
; are then stored once.
SetCompressorDictSize 64
RequestExecutionLevel user

!include "MUI2.nsh"
!include "LogicLib.nsh"

Name "Carnet"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\Carnet"
InstallDirRegKey HKCU "Software\Carnet" "InstallDir"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1036 "ProductName" "Carnet"
VIAddVersionKey /LANG=1036 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "FileDescription" "Carnet — registre de l'organisation"
VIAddVersionKey /LANG=1036 "LegalCopyright" "Carnet"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_FINISHPAGE_RUN "$INSTDIR\carnet.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; French first: the installer speaks the language Windows uses, French otherwise.
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "English"

LangString NoWebView ${LANG_FRENCH} "Carnet a besoin du composant Microsoft Edge WebView2, absent de cet ordinateur.$\r$\n$\r$\nIl est gratuit et déjà présent sur Windows 11. Pour l'installer : ouvrez https://go.microsoft.com/fwlink/p/?LinkId=2124703 (ou demandez-le à la personne qui s'occupe de l'informatique), puis lancez Carnet.$\r$\n$\r$\nL'installation de Carnet continue."
LangString NoWebView ${LANG_ENGLISH} "Carnet needs the Microsoft Edge WebView2 component, which this computer lacks.$\r$\n$\r$\nIt is free and already part of Windows 11. To install it, open https://go.microsoft.com/fwlink/p/?LinkId=2124703 (or ask whoever looks after your computers), then start Carnet.$\r$\n$\r$\nCarnet's installation goes on."
LangString StartMenu ${LANG_FRENCH} "Carnet"
LangString StartMenu ${LANG_ENGLISH} "Carnet"

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

; WebView2 registers its version ("pv") under EdgeUpdate's client key, machine-wide or
; per user; an empty or 0.0.0.0 version means absent.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(NoWebView)" /SD IDOK
  ${EndIf}
FunctionEnd

Section "Carnet"
  SetOutPath "$INSTDIR"
  File "${BIN}\carnet.exe"
  File "${BIN}\carnet-admin.exe"
  File "${BIN}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\Carnet.lnk" "$INSTDIR\carnet.exe"
  WriteRegStr HKCU "Software\Carnet" "InstallDir" "$INSTDIR"
  !define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\Carnet"
  WriteRegStr HKCU "${UNINST}" "DisplayName" "Carnet"
  WriteRegStr HKCU "${UNINST}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST}" "Publisher" "Carnet"
  WriteRegStr HKCU "${UNINST}" "DisplayIcon" "$INSTDIR\carnet.exe"
  WriteRegStr HKCU "${UNINST}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST}" "NoRepair" 1
  Call CheckWebView2
SectionEnd

Section "Uninstall"
  ; The program only: the register, its key file and backups stay where they are.
  Delete "$INSTDIR\carnet.exe"
  Delete "$INSTDIR\carnet-admin.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Carnet.lnk"
  DeleteRegKey HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\Carnet"
  DeleteRegKey HKCU "Software\Carnet"
SectionEnd
