; Inno Setup script of the MiA Desk laptop client (Windows, per-machine).
;
; Build (on Windows, after `python installer\build.py --no-deb`):
;   iscc /DAppVersion=0.1.0 installer\windows\mia-desk.iss      -> dist\mia-desk-setup-0.1.0.exe
;
; Silent installation by county IT (software distribution):
;   mia-desk-setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART ^
;       /SERVER=https://mia.landkreis.example [/CA=C:\path\county-ca.pem] [/PROXY=http://proxy:3128]
;       [/LOCATION=lra_naumburg] [/UNIT=integration] [/LOCKMINUTES=15] [/LOCK=server_url,lock_minutes]
;       [/FORCECONFIG=1]
; writes %ProgramData%\MiA Desk\config.toml (the machine configuration, desktop/machine_config.py)
; unless it exists already (IT's own file wins; /FORCECONFIG=1 replaces it).
;
; Uninstall: the per-user data (local store, key file, settings, logs under
; %APPDATA%\MiA\MiA Desk) are KEPT unless asked: interactively the uninstaller asks (default:
; keep); silently only with  unins000.exe /VERYSILENT /PURGE=1  (the data of the user running it).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B0E9F3A-4C7E-4D16-9B8A-3E2B5D7A1C42}
AppName=MiA Desk
AppVersion={#AppVersion}
AppPublisher=Landkreis – Migrationsagentur
DefaultDirName={autopf}\MiA Desk
DefaultGroupName=MiA Desk
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=mia-desk-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\mia-desk.ico
UninstallDisplayIcon={app}\mia-desk.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\mia-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\config.sample.toml"; DestDir: "{app}"; DestName: "config.sample.toml"; Flags: ignoreversion

[Dirs]
Name: "{commonappdata}\MiA Desk"

[Icons]
Name: "{autoprograms}\MiA Desk"; Filename: "{app}\mia-desk.exe"
Name: "{autoprograms}\MiA Desk – Selbsttest"; Filename: "{app}\mia-desk.exe"; Parameters: "--self-test"

[Run]
Filename: "{app}\mia-desk.exe"; Description: "{cm:LaunchProgram,MiA Desk}"; Flags: nowait postinstall skipifsilent

[Code]
function TomlText(Value: String): String;
begin
  StringChangeEx(Value, '\', '\\', True);
  StringChangeEx(Value, '"', '\"', True);
  Result := '"' + Value + '"';
end;

function ListOf(Value: String): String;
var
  Items: TStringList;
  I: Integer;
begin
  Items := TStringList.Create;
  try
    Items.CommaText := Value;
    Result := '';
    for I := 0 to Items.Count - 1 do
    begin
      if Result <> '' then Result := Result + ', ';
      Result := Result + TomlText(Trim(Items[I]));
    end;
  finally
    Items.Free;
  end;
  Result := '[' + Result + ']';
end;

procedure WriteMachineConfig();
var
  Path, Server, Ca, Proxy, Location, UnitCode, LockMinutes, Lock, Text: String;
begin
  Path := ExpandConstant('{commonappdata}\MiA Desk\config.toml');
  Server := ExpandConstant('{param:SERVER|}');
  Ca := ExpandConstant('{param:CA|}');
  Proxy := ExpandConstant('{param:PROXY|}');
  Location := ExpandConstant('{param:LOCATION|}');
  UnitCode := ExpandConstant('{param:UNIT|}');
  LockMinutes := ExpandConstant('{param:LOCKMINUTES|}');
  Lock := ExpandConstant('{param:LOCK|}');
  if (Server + Ca + Proxy + Location + UnitCode + LockMinutes + Lock) = '' then
    exit;                                         { nothing given: no file (or IT's stays) }
  if FileExists(Path) and (ExpandConstant('{param:FORCECONFIG|0}') <> '1') then
  begin
    Log('machine configuration exists, kept: ' + Path);
    exit;
  end;
  Text := '# written by the MiA Desk installer (' + GetDateTimeString('yyyy-mm-dd hh:nn', '-', ':') + ')' + #13#10;
  Text := Text + '[sync]' + #13#10;
  if Server <> '' then Text := Text + 'server_url = ' + TomlText(Server) + #13#10;
  if Ca <> '' then Text := Text + 'ca_certificate = ' + TomlText(Ca) + #13#10;
  if Proxy <> '' then Text := Text + 'proxy = ' + TomlText(Proxy) + #13#10;
  Text := Text + #13#10 + '[defaults]' + #13#10;
  if Location <> '' then Text := Text + 'location = ' + TomlText(Location) + #13#10;
  if UnitCode <> '' then Text := Text + 'unit = ' + TomlText(UnitCode) + #13#10;
  if LockMinutes <> '' then Text := Text + 'lock_minutes = ' + LockMinutes + #13#10;
  if Lock <> '' then Text := Text + #13#10 + '[locked]' + #13#10 + 'settings = ' + ListOf(Lock) + #13#10;
  if not SaveStringToFile(Path, Text, False) then
    MsgBox('Die Konfiguration konnte nicht geschrieben werden: ' + Path, mbError, MB_OK);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    WriteMachineConfig();
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Data: String;
  Purge: Boolean;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  Data := ExpandConstant('{userappdata}\MiA\MiA Desk');
  if not DirExists(Data) then
    exit;
  if UninstallSilent then
    Purge := ExpandConstant('{param:PURGE|0}') = '1'
  else
    Purge := MsgBox('Auch die lokalen Daten von MiA Desk löschen (' + Data + ')?' + #13#10 +
                    'Nicht synchronisierte Beratungen gehen dabei verloren.',
                    mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  if Purge then
    DelTree(Data, True, True, True)
  else
    Log('user data kept: ' + Data);
end;
