; Carnet's Windows installer, built on Debian by `makensis` (see .ci/windows/installer).
; Per-user install (no administrator rights): %LOCALAPPDATA%\Programs\Carnet, a Start menu
; entry, an uninstaller. The register itself lives in %APPDATA%\app.carnet.desktop and is
; never touched by installing, upgrading or uninstalling.
;
; A second component, not chosen by default, is the register service for several PCs
; (on the office's main PC only): carnet-server.exe in %ProgramFiles%\Carnet\Service, a
; Windows service registered stopped; the person in charge then configures it
; (docs/SERVICE.md). It needs administrator rights: the installer says so when it lacks
; them. Silently: Carnet-setup.exe /S /SERVICE.
;
; makensis -DVERSION=0.1.0 -DBIN=<folder with carnet.exe, carnet-admin.exe,
;          carnet-server.exe, WebView2Loader.dll> -DOUT=<installer.exe> carnet.nsi

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
!include "FileFunc.nsh"
!include "x64.nsh"

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
!insertmacro MUI_PAGE_COMPONENTS
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
LangString SecApp ${LANG_FRENCH} "Carnet"
LangString SecApp ${LANG_ENGLISH} "Carnet"
LangString SecAppAbout ${LANG_FRENCH} "L'application du bureau, pour vous sur ce poste."
LangString SecAppAbout ${LANG_ENGLISH} "The office's application, for you on this PC."
LangString SecService ${LANG_FRENCH} "Service du registre (plusieurs postes)"
LangString SecService ${LANG_ENGLISH} "Register service (several PCs)"
LangString SecServiceAbout ${LANG_FRENCH} "Seulement sur le poste principal du bureau, qui garde le registre pour les autres postes. Demande les droits d'administrateur. Le service reste arrêté jusqu'à sa configuration par la personne responsable."
LangString SecServiceAbout ${LANG_ENGLISH} "Only on the office's main PC, which keeps the register for the other PCs. Needs administrator rights. The service stays stopped until the person in charge configures it."
LangString NotAdmin ${LANG_FRENCH} "Le service du registre s'installe avec les droits d'administrateur, que cette installation n'a pas.$\r$\n$\r$\nCarnet s'installe sans le service. Pour l'ajouter : clic droit sur le programme d'installation, « Exécuter en tant qu'administrateur », puis cochez « Service du registre »."
LangString NotAdmin ${LANG_ENGLISH} "The register service installs with administrator rights, which this installation lacks.$\r$\n$\r$\nCarnet installs without the service. To add it: right-click the installer, $\"Run as administrator$\", then tick $\"Register service$\"."
LangString NoService ${LANG_FRENCH} "Le service du registre n'a pas pu être enregistré auprès de Windows (code $0). Carnet est installé ; le service ne l'est pas."
LangString NoService ${LANG_ENGLISH} "The register service could not be registered with Windows (code $0). Carnet is installed; the service is not."
LangString ServiceStays ${LANG_FRENCH} "Le service du registre reste installé (il se retire avec les droits d'administrateur : carnet-server windows-service remove, dans $0)."
LangString ServiceStays ${LANG_ENGLISH} "The register service stays installed (it is removed with administrator rights: carnet-server windows-service remove, in $0)."

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

Section "!$(SecApp)" SecApp
  SectionIn RO
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

; The service runs as the system account: its program lives where only administrators
; may write (a per-user folder would let anyone replace what the system runs).
Section /o "$(SecService)" SecService
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 != "Admin"
    MessageBox MB_OK|MB_ICONINFORMATION "$(NotAdmin)" /SD IDOK
    Return
  ${EndIf}
  SetOutPath "$PROGRAMFILES64\Carnet\Service"
  File "${BIN}\carnet-server.exe"
  ExecWait '"$PROGRAMFILES64\Carnet\Service\carnet-server.exe" windows-service install' $0
  ${If} $0 != 0
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(NoService)" /SD IDOK
    Delete "$PROGRAMFILES64\Carnet\Service\carnet-server.exe"
    RMDir "$PROGRAMFILES64\Carnet\Service"
    RMDir "$PROGRAMFILES64\Carnet"
    Return
  ${EndIf}
  WriteRegStr HKCU "Software\Carnet" "ServiceDir" "$PROGRAMFILES64\Carnet\Service"
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "$(SecAppAbout)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecService} "$(SecServiceAbout)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
  ; /SERVICE (a silent install on the office's main PC) chooses the service component.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/SERVICE" $R1
  ${IfNot} ${Errors}
    SectionGetFlags ${SecService} $R2
    IntOp $R2 $R2 | ${SF_SELECTED}
    SectionSetFlags ${SecService} $R2
  ${EndIf}
FunctionEnd

Section "Uninstall"
  ; The program only: the register, its key file and backups stay where they are.
  ReadRegStr $0 HKCU "Software\Carnet" "ServiceDir"
  ${If} $0 != ""
  ${AndIf} ${FileExists} "$0\carnet-server.exe"
    ExecWait '"$0\carnet-server.exe" windows-service remove' $1
    ${If} $1 == 0
      Delete "$0\carnet-server.exe"
      RMDir "$0"
      RMDir "$PROGRAMFILES64\Carnet"
    ${Else}
      MessageBox MB_OK|MB_ICONINFORMATION "$(ServiceStays)" /SD IDOK
    ${EndIf}
  ${EndIf}
  Delete "$INSTDIR\carnet.exe"
  Delete "$INSTDIR\carnet-admin.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Carnet.lnk"
  DeleteRegKey HKCU "Software\Microsoft\Windows\CurrentVersion\Uninstall\Carnet"
  DeleteRegKey HKCU "Software\Carnet"
SectionEnd
