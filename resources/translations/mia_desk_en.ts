<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="de_DE">
<context>
    <name>AccountActions</name>
    <message>
        <location filename="../../desktop/ui/account.py" line="85"/>
        <source>Benutzerkonto gesperrt</source>
        <translation>User account locked</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/account.py" line="88"/>
        <source>Die Daten auf diesem Gerät bleiben erhalten, und Sie können damit weiterarbeiten. Die Synchronisation setzt wieder ein, sobald das Konto freigegeben ist.</source>
        <translation>The data on this device are kept, and you can go on working with them. Synchronisation resumes as soon as the account is unlocked.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/account.py" line="198"/>
        <source>Das Passwort wurde geändert. Es gilt ab jetzt auch zum Entsperren dieses Geräts.</source>
        <translation>The password was changed. From now on it also unlocks this device.</translation>
    </message>
</context>
<context>
    <name>AttendanceDialog</name>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="503"/>
        <source>Teilnahme erfassen – {title}</source>
        <translation>Record attendance – {title}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="505"/>
        <source>{title} · {when} · {place} · {minutes} Min.</source>
        <translation>{title} · {when} · {place} · {minutes} min</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="512"/>
        <source>Person &amp;suchen</source>
        <translation>&amp;Search for a person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="513"/>
        <source>Name, Geburtsdatum … (Enter fügt hinzu)</source>
        <translation>Name, date of birth … (Enter adds)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="514"/>
        <source>&amp;Hinzufügen</source>
        <translation>A&amp;dd</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="515"/>
        <source>Mit Haus&amp;halt</source>
        <translation>With &amp;household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="516"/>
        <source>Gespeicherte &amp;Liste</source>
        <translation>Saved &amp;list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="517"/>
        <source>Liste ü&amp;bernehmen</source>
        <translation>&amp;Use list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="519"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="519"/>
        <source>Geboren</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="519"/>
        <source>Teilnahme</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="519"/>
        <source>Stunden</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="523"/>
        <source>Leertaste wechselt, 1 anwesend, 2 entschuldigt, 3 unentschuldigt; Stunden eintippen (leer = ganzer Termin); Entf nimmt aus der Liste.</source>
        <translation>Space switches, 1 present, 2 excused, 3 absent; type in the hours (empty = whole session); Del takes the person off the list.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="527"/>
        <source>Teilnehmende ohne &amp;Akte</source>
        <translation>Participants without a &amp;file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="528"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="529"/>
        <source>Teilnahme erfassen</source>
        <translation>Record attendance</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="563"/>
        <source>{title}, {day} ({n} Pers.)</source>
        <translation>{title}, {day} (participants: {n})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="666"/>
        <source>Zeile {n}: Stunden bitte als Zahl, z. B. 1,5.</source>
        <translation>Row {n}: please enter the hours as a number, e.g. 1.5.</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="34"/>
        <source>angelegt</source>
        <translation>created</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="35"/>
        <source>geändert</source>
        <translation>changed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="36"/>
        <source>gelöscht</source>
        <translation>deleted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="37"/>
        <source>Einwilligung geändert</source>
        <translation>consent changed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="38"/>
        <source>an Gerät übermittelt</source>
        <translation>sent to device</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="39"/>
        <source>verweigert</source>
        <translation>refused</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="40"/>
        <source>zusammengeführt</source>
        <translation>merged</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="41"/>
        <source>Zusammenführung aufgehoben</source>
        <translation>merge undone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="42"/>
        <source>nach Aufbewahrungsfrist gelöscht</source>
        <translation>erased after its retention period</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="43"/>
        <source>Einwilligung abgelaufen, Geräte bereinigt</source>
        <translation>Consent expired, devices cleaned up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="46"/>
        <source>exportiert</source>
        <translation>exported</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="47"/>
        <source>Akte gelöscht (Löschauftrag)</source>
        <translation>client file erased (erasure request)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="48"/>
        <source>als verschiedene Personen markiert</source>
        <translation>marked as different people</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="49"/>
        <source>Passwort geändert</source>
        <translation>password changed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="50"/>
        <source>Benutzerkonto geändert</source>
        <translation>user account changed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="51"/>
        <source>Protokoll eingesehen</source>
        <translation>log viewed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="56"/>
        <source>Protokoll</source>
        <translation>Access log</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="57"/>
        <source>Benutzerkonto</source>
        <translation>User account</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="58"/>
        <source>Konflikt</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="122"/>
        <source>Protokoll der Zugriffe</source>
        <translation>Access log</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="123"/>
        <source>Akte (Kennung)</source>
        <translation>Client file (id)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="124"/>
        <location filename="../../desktop/ui/audit_view.py" line="133"/>
        <source>Benutzer</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="125"/>
        <source>Anzeigen</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="129"/>
        <source>Als CSV speichern …</source>
        <translation>Save as CSV …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="132"/>
        <source>Zeit</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="134"/>
        <source>Gerät</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="135"/>
        <source>Vorgang</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="136"/>
        <source>Bereich</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="137"/>
        <source>Akte</source>
        <translation>Client file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="138"/>
        <source>Datensatz</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="144"/>
        <source>Wird geladen …</source>
        <translation>Loading …</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/audit_view.py" line="186"/>
        <source>%n Einträge</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="189"/>
        <source>Akte {ref}</source>
        <translation>File {ref}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="203"/>
        <source>Das Protokoll dürfen nur Administratorinnen und Administratoren einsehen.</source>
        <translation>Only administrators may view the access log.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="212"/>
        <source>Protokoll speichern</source>
        <translation>Save log</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_view.py" line="222"/>
        <source>Gespeichert: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
</context>
<context>
    <name>BirthDateInput</name>
    <message>
        <location filename="../../desktop/ui/client_fields.py" line="88"/>
        <source>genau</source>
        <translation>exact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_fields.py" line="89"/>
        <source>nur Jahr</source>
        <translation>year only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_fields.py" line="90"/>
        <source>unbekannt</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_fields.py" line="97"/>
        <source>TT.MM.JJJJ</source>
        <translation>DD.MM.YYYY</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_fields.py" line="102"/>
        <source>Geburtsdatum nicht bekannt</source>
        <translation>Date of birth not known</translation>
    </message>
</context>
<context>
    <name>BookingDialog</name>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="288"/>
        <source>Sprachmittlung zuweisen</source>
        <translation>Assign a language mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="290"/>
        <source>Sprachmittlung anfragen</source>
        <translation>Request a language mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="292"/>
        <source>Für: {name}</source>
        <translation>For: {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="294"/>
        <source>Für eine Person ohne Akte (Wartemarke)</source>
        <translation>For a person without a file (walk-in ticket)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="296"/>
        <source>Termin</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="297"/>
        <source>Sprach&amp;mittler:in (passend zu Sprache, Ort und Zeit)</source>
        <translation>Language &amp;mediator (fitting language, place and time)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="299"/>
        <source>Sp&amp;rache</source>
        <translation>Lan&amp;guage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="300"/>
        <source>&amp;Datum, Uhrzeit</source>
        <translation>&amp;Date, time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="301"/>
        <source>Ein&amp;satz</source>
        <translation>&amp;Setting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="302"/>
        <source>Da&amp;uer</source>
        <translation>Du&amp;ration</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="303"/>
        <source>&amp;Ort</source>
        <translation>&amp;Location</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="304"/>
        <source>&amp;Adresse</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="305"/>
        <source>Sach&amp;gebiet</source>
        <translation>&amp;Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="306"/>
        <source>&amp;Hinweis</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="309"/>
        <source> Min.</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="310"/>
        <source>nur bei aufsuchender Arbeit</source>
        <translation>only for outreach visits</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="311"/>
        <source>Hinweise gelesen, &amp;trotzdem buchen</source>
        <translation>Warnings read, &amp;book anyway</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="312"/>
        <source>Noch offen für diese Person</source>
        <translation>Still open for this person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="313"/>
        <source>A&amp;bsagen</source>
        <translation>Ca&amp;ncel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="314"/>
        <source>Nicht &amp;erschienen</source>
        <translation>No-sho&amp;w</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="315"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="320"/>
        <source>Die Anfrage geht an den Sprachmittlerpool; dort wird eine Sprachmittlerin oder ein Sprachmittler zugewiesen. Den Namen sehen Sie danach hier.</source>
        <translation>The request goes to the language mediators&apos; pool, where a mediator is assigned. You will see the name here afterwards.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="431"/>
        <source>Nur anfragen – eine Sprachmittlung später zuweisen</source>
        <translation>Request only – assign a mediator later</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="444"/>
        <source>{n} Hinweis(e)</source>
        <translation>{n} warning(s)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="450"/>
        <source>Niemand im Pool passt zu Sprache, Einsatz, Ort und Zeit.</source>
        <translation>Nobody in the pool fits language, setting, place and time.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="488"/>
        <source>Anfragen</source>
        <translation>Request</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="490"/>
        <source>Buchen</source>
        <translation>Book</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="504"/>
        <source>Bitte eine Sprachmittlerin / einen Sprachmittler wählen.</source>
        <translation>Please choose a language mediator.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="509"/>
        <source>Bitte die Hinweise prüfen und „trotzdem buchen“ bestätigen.</source>
        <translation>Please check the warnings and confirm “book anyway”.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="560"/>
        <source>Die Buchung wurde inzwischen geändert ({status}). Bitte die Liste neu laden.</source>
        <translation>The booking has been changed meanwhile ({status}). Please reload the list.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="561"/>
        <source>entfernt</source>
        <translation>removed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/booking_dialog.py" line="567"/>
        <source>Speichern fehlgeschlagen: {error}</source>
        <translation>Saving failed: {error}</translation>
    </message>
</context>
<context>
    <name>CellFilesDialog</name>
    <message>
        <location filename="../../desktop/ui/report_parts.py" line="234"/>
        <source>Akten hinter der Zahl</source>
        <translation>Files behind the figure</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_parts.py" line="239"/>
        <source>{n} weitere Akten, die Sie nicht öffnen dürfen</source>
        <translation>{n} more file(s) you may not open</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_parts.py" line="243"/>
        <source>Hinter dieser Zahl steht keine Akte.</source>
        <translation>There is no file behind this figure.</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/password.py" line="186"/>
        <source>Der Server prüft gerade viele Anmeldungen. Bitte in %n Sekunde(n) erneut versuchen.</source>
        <translation>
            <numerusform>The server is checking many logins right now. Please try again in %n second.</numerusform>
            <numerusform>The server is checking many logins right now. Please try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/password.py" line="192"/>
        <source>Zu viele Versuche. Bitte in %n Sekunde(n) erneut versuchen.</source>
        <translation>
            <numerusform>Too many attempts. Please try again in %n second.</numerusform>
            <numerusform>Too many attempts. Please try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/password.py" line="208"/>
        <source>Das bisherige Passwort ist falsch. Nächster Versuch in %n Sekunde(n).</source>
        <translation>
            <numerusform>The current password is wrong. Next attempt in %n second.</numerusform>
            <numerusform>The current password is wrong. Next attempt in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="214"/>
        <location filename="../../desktop/ui/password.py" line="236"/>
        <location filename="../../desktop/ui/password.py" line="384"/>
        <source>Das bisherige Passwort ist falsch.</source>
        <translation>The current password is wrong.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/password.py" line="216"/>
        <source>Zu viele falsche Passwörter. Nächster Versuch in %n Sekunde(n).</source>
        <translation>
            <numerusform>Too many wrong passwords. Next attempt in %n second.</numerusform>
            <numerusform>Too many wrong passwords. Next attempt in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="223"/>
        <source>Der Schlüsselbund dieses Rechners ist gesperrt oder nicht erreichbar; er hält einen Teil des Schlüssels Ihrer Daten. Es wurde nichts geändert.</source>
        <translation>This computer&apos;s keyring is locked or unavailable; it holds part of the key to your data. Nothing was changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="230"/>
        <source>Die Schlüsseldatei ist beschädigt oder fehlt ({path}). Bitte wenden Sie sich an die IT.</source>
        <translation>The key file is damaged or missing ({path}). Please contact IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="252"/>
        <source>Der Server ist nicht erreichbar. Dafür ist eine Verbindung zum Server nötig; es wurde nichts geändert.</source>
        <translation>The server cannot be reached. This needs a connection to the server; nothing was changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="259"/>
        <source>Das Passwort konnte nicht geändert werden ({error}). Es wurde nichts geändert.</source>
        <translation>The password could not be changed ({error}). Nothing was changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="331"/>
        <source>Neues Passwort festlegen</source>
        <translation>Set a new password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="331"/>
        <location filename="../../desktop/ui/password.py" line="363"/>
        <source>Passwort ändern</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="335"/>
        <source>Ihr Passwort wurde von der IT zurückgesetzt. Bitte legen Sie jetzt ein eigenes neues Passwort fest. Es gilt danach am Server und öffnet auch die Daten auf diesem Gerät; nichts davon geht verloren.</source>
        <translation>IT has reset your password. Please set a new password of your own now. It will then apply on the server and also open the data on this device; none of it is lost.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="341"/>
        <source>Das neue Passwort gilt danach am Server und öffnet auch die Daten auf diesem Gerät (ohne Netz). Dafür ist eine Verbindung zum Server nötig.</source>
        <translation>The new password will then apply on the server and also open the data on this device (offline too). This needs a connection to the server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="347"/>
        <source>Der Server ist gerade nicht erreichbar. Zum Ändern des Passworts ist eine Verbindung nötig.</source>
        <translation>The server cannot be reached right now. Changing the password needs a connection.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="354"/>
        <source>Benutzer</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="355"/>
        <source>&amp;Einmalpasswort</source>
        <translation>&amp;One-time password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="355"/>
        <source>&amp;Bisheriges Passwort</source>
        <translation>&amp;Current password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="356"/>
        <source>&amp;Neues Passwort</source>
        <translation>&amp;New password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="357"/>
        <source>Neues Passwort &amp;wiederholen</source>
        <translation>&amp;Repeat new password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="364"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="377"/>
        <source>Bitte das Einmalpasswort eingeben.</source>
        <translation>Please enter the one-time password.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="379"/>
        <source>Bitte das bisherige Passwort eingeben.</source>
        <translation>Please enter your current password.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="391"/>
        <source>Passwort wird geändert …</source>
        <translation>Changing the password …</translation>
    </message>
</context>
<context>
    <name>ClientDialog</name>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="48"/>
        <source>weiblich</source>
        <translation>female</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="49"/>
        <source>männlich</source>
        <translation>male</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="50"/>
        <source>divers</source>
        <translation>diverse</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="51"/>
        <location filename="../../desktop/ui/client_dialog.py" line="72"/>
        <source>unbekannt</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="198"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="56"/>
        <location filename="../../desktop/ui/client_dialog.py" line="201"/>
        <location filename="../../desktop/ui/client_dialog.py" line="277"/>
        <source>Familienname</source>
        <translation>Family name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="57"/>
        <location filename="../../desktop/ui/client_dialog.py" line="205"/>
        <location filename="../../desktop/ui/client_dialog.py" line="278"/>
        <source>Vorname(n)</source>
        <translation>Given name(s)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="58"/>
        <location filename="../../desktop/ui/client_dialog.py" line="206"/>
        <source>Geburtsname</source>
        <translation>Name at birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="59"/>
        <source>Geburtsdatum</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="61"/>
        <location filename="../../desktop/ui/client_dialog.py" line="208"/>
        <source>Geburtsort</source>
        <translation>Place of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="62"/>
        <location filename="../../desktop/ui/client_dialog.py" line="209"/>
        <source>Geschlecht</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="228"/>
        <source>Herkunft und Kontakt</source>
        <translation>Origin and contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="63"/>
        <source>Staatsangehörigkeit</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="64"/>
        <location filename="../../desktop/ui/client_dialog.py" line="237"/>
        <source>Zielgruppe</source>
        <translation>Target group</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="65"/>
        <location filename="../../desktop/ui/client_dialog.py" line="241"/>
        <source>Telefon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="66"/>
        <location filename="../../desktop/ui/client_dialog.py" line="243"/>
        <source>Anschrift / Unterkunft</source>
        <translation>Address / accommodation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="67"/>
        <location filename="../../desktop/ui/client_dialog.py" line="256"/>
        <source>Sprachen</source>
        <translation>Languages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="259"/>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="263"/>
        <source>Kennungen</source>
        <translation>Identifiers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="267"/>
        <location filename="../../desktop/ui/client_dialog.py" line="279"/>
        <source>Art</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="268"/>
        <source>Nummer / Aktenzeichen</source>
        <translation>Number / file number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="270"/>
        <source>Kennung hinzufügen</source>
        <translation>Add identifier</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="273"/>
        <source>Andere Namen und Schreibweisen</source>
        <translation>Other names and spellings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="281"/>
        <source>Name hinzufügen</source>
        <translation>Add name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="311"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="315"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="364"/>
        <source>Dolmetschbedarf</source>
        <translation>Interpreter needed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="376"/>
        <source>Neue:r Klient:in</source>
        <translation>New client</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="378"/>
        <source>Stammdaten bearbeiten</source>
        <translation>Edit master data</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="485"/>
        <source>Bitte das Datum als TT.MM.JJJJ eingeben, z. B. 12.03.1985.</source>
        <translation>Please enter the date as DD.MM.YYYY, e.g. 12.03.1985.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="602"/>
        <source>Die Stammdaten konnten nicht gespeichert werden. Ihre Eingaben sind noch da – bitte versuchen Sie es erneut. Wenn der Fehler bleibt, wenden Sie sich an die IT.</source>
        <translation>The master data could not be saved. Your entries are still there – please try again. If the error persists, please contact IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="60"/>
        <source>Genauigkeit des Geburtsdatums</source>
        <translation>Precision of the date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="70"/>
        <source>genau</source>
        <translation>exact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="71"/>
        <source>nur Jahr</source>
        <translation>year only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="169"/>
        <source>Meine Eingabe behalten</source>
        <translation>Keep my entry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="174"/>
        <source>Neuen Wert übernehmen</source>
        <translation>Take the new value</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="207"/>
        <source>&amp;Geburtsdatum</source>
        <translation>Date of &amp;birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="231"/>
        <source>&amp;Staatsangehörigkeit</source>
        <translation>&amp;Nationality</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="260"/>
        <source>Sprache &amp;hinzufügen</source>
        <translation>A&amp;dd language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="820"/>
        <source>(leer)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="825"/>
        <source>Während dieses Formular offen war, wurde an anderer Stelle (z. B. auf einem anderen Gerät) geändert, was Sie auch geändert haben:</source>
        <translation>While this form was open, something you also changed was changed elsewhere (e.g. on another device):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="831"/>
        <source>• {field}: jetzt „{other}“, Ihre Eingabe „{mine}“</source>
        <translation>• {field}: now “{other}”, your entry “{mine}”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_dialog.py" line="839"/>
        <source>Welcher Wert soll gelten? Behalten Sie Ihre Eingabe, bleibt der andere Wert als Konflikt bzw. im Verlauf sichtbar.</source>
        <translation>Which value should apply? If you keep your entry, the other value stays visible as a conflict or in the history.</translation>
    </message>
</context>
<context>
    <name>ClientFileView</name>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="318"/>
        <source>Geboren</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="319"/>
        <source>Staatsangehörigkeit</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="320"/>
        <location filename="../../desktop/ui/client_file.py" line="358"/>
        <source>Aufenthalt</source>
        <translation>Residence</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="321"/>
        <source>Sprachen</source>
        <translation>Languages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="322"/>
        <source>Offene Wiedervorlagen</source>
        <translation>Open follow-ups</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="356"/>
        <source>Verlauf</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="357"/>
        <source>Stammdaten</source>
        <translation>Master data</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="359"/>
        <source>Haushalt</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="360"/>
        <source>Einwilligungen</source>
        <translation>Consents</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="361"/>
        <source>Förderplan</source>
        <translation>Support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="362"/>
        <source>Projekte</source>
        <translation>Projects</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="377"/>
        <source>Beratung erfassen</source>
        <translation>Record consultation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="382"/>
        <source>Neuen Beratungskontakt erfassen (Strg+B)</source>
        <translation>Record a new consultation (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="385"/>
        <source>Wiedervorlage</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="388"/>
        <source>Verweisung</source>
        <translation>Referral</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="393"/>
        <source>Die Person an ein Angebot, ein Sachgebiet oder eine Stelle verweisen</source>
        <translation>Refer the person to an offer, a unit or another body</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="401"/>
        <source>Stammdaten bearbeiten</source>
        <translation>Edit master data</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="443"/>
        <source>Die Akte „{name}“ wurde mit dieser Akte zusammengeführt (dieselbe Person). Alle Beratungen und Wiedervorlagen stehen jetzt hier.</source>
        <translation>The file “{name}” was merged into this file (the same person). All consultations and follow-ups are here now.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="486"/>
        <source>Diese Akte wurde nicht gefunden. Möglicherweise wurde sie mit einer anderen zusammengeführt.</source>
        <translation>This file was not found. It may have been merged with another one.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="491"/>
        <source>Die Akte konnte nicht geladen werden. Bitte schließen Sie sie und öffnen Sie sie erneut.</source>
        <translation>The file could not be loaded. Please close it and open it again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="520"/>
        <source>für Ihre Einheit nicht sichtbar</source>
        <translation>not visible to your unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="510"/>
        <source>Den Aufenthaltsstatus führt die Ausländerbehörde. Ihre Einheit sieht ihn nur mit einer Rechtsgrundlage oder einer Einwilligung der Person.</source>
        <translation>The residence status is kept by the immigration office. Your unit sees it only with a legal basis or the person&apos;s consent.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="525"/>
        <source>nicht erfasst</source>
        <translation>not recorded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="528"/>
        <source>{status} ({paragraph})</source>
        <translation>{status} ({paragraph})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="532"/>
        <source>gültig bis {date}</source>
        <translation>valid until {date}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="536"/>
        <source>abgelaufen am {date}</source>
        <translation>expired on {date}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="538"/>
        <source>abgelaufen seit {days} Tagen</source>
        <translation>expired {days} days ago</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="543"/>
        <source>{until} · läuft heute ab</source>
        <translation>{until} · expires today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="545"/>
        <source>{until} · noch 1 Tag</source>
        <translation>{until} · 1 day left</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="547"/>
        <source>{until} · noch {days} Tage</source>
        <translation>{until} · {days} days left</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="554"/>
        <source>(ohne Namen)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="559"/>
        <source>unbekannt</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="563"/>
        <source>Dolmetschbedarf</source>
        <translation>Interpreter needed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_file.py" line="572"/>
        <source>{count} überfällig</source>
        <translation>{count} overdue</translation>
    </message>
</context>
<context>
    <name>ClientPickerDialog</name>
    <message>
        <location filename="../../desktop/ui/household.py" line="122"/>
        <source>Name, Geburtsdatum oder Aktenzeichen eingeben …</source>
        <translation>Enter name, date of birth or file number …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household.py" line="159"/>
        <source>Verknüpfen</source>
        <translation>Link</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household.py" line="164"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household.py" line="189"/>
        <source>Person verknüpfen</source>
        <translation>Link person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household.py" line="191"/>
        <source>Die ausgewählte Person ist für {name}:</source>
        <translation>Relation of the selected person to {name}:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household.py" line="207"/>
        <source>Keine passende Person gefunden. Neue Personen legen Sie über „Neue:r Klient:in“ an.</source>
        <translation>No matching person found. New people are registered with “New client”.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household.py" line="226"/>
        <source>Bitte zuerst eine Person suchen und auswählen.</source>
        <translation>Please search for and select a person first.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household.py" line="251"/>
        <source>Die Verknüpfung konnte nicht gespeichert werden. Bitte erneut versuchen.</source>
        <translation>The link could not be saved. Please try again.</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="26"/>
        <source>Familienname</source>
        <translation>Family name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="27"/>
        <source>Vornamen</source>
        <translation>Given names</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="28"/>
        <source>Geburtsname</source>
        <translation>Birth name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="29"/>
        <source>Geburtsdatum</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="30"/>
        <source>Genauigkeit des Geburtsdatums</source>
        <translation>Precision of the date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="31"/>
        <source>Geburtsort</source>
        <translation>Place of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="32"/>
        <source>Geschlecht</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="33"/>
        <source>Staatsangehörigkeiten</source>
        <translation>Nationalities</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="34"/>
        <source>Telefon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="35"/>
        <source>Anschrift</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="36"/>
        <source>Art des Aktenzeichens</source>
        <translation>Type of file number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="37"/>
        <location filename="../../desktop/ui/conflicts_view.py" line="309"/>
        <source>Aktenzeichen</source>
        <translation>File number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="47"/>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="49"/>
        <source>Nein</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="74"/>
        <source>{when}, auf diesem Gerät</source>
        <translation>{when}, on this device</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="77"/>
        <source>{when}, auf einem anderen Gerät</source>
        <translation>{when}, on another device</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="135"/>
        <source>Konflikte und abgelehnte Änderungen</source>
        <translation>Conflicts and refused changes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="136"/>
        <source>Konflikte ({n})</source>
        <translation>Conflicts ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="138"/>
        <source>Abgelehnte Änderungen ({n})</source>
        <translation>Refused changes ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="142"/>
        <source>Dasselbe Feld wurde auf zwei Geräten unterschiedlich geändert. Bitte den Wert wählen, der gelten soll; der andere bleibt in der Historie.</source>
        <translation>The same field was changed differently on two devices. Please choose the value that applies; the other one stays in the history.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="148"/>
        <location filename="../../desktop/ui/conflicts_view.py" line="156"/>
        <source>Klient:in</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="149"/>
        <source>Feld</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="150"/>
        <source>Geltender Wert</source>
        <translation>Current value</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="151"/>
        <source>Abweichender Wert</source>
        <translation>Differing value</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="157"/>
        <source>Änderung</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="158"/>
        <source>Grund</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="159"/>
        <source>Abgelehnte Werte</source>
        <translation>Refused values</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="160"/>
        <source>Abgelehnt am</source>
        <translation>Refused on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="163"/>
        <source>Geltenden Wert behalten</source>
        <translation>Keep the current value</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="164"/>
        <source>Abweichenden Wert übernehmen</source>
        <translation>Take the differing value</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="165"/>
        <source>Als erledigt markieren</source>
        <translation>Mark as dealt with</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="171"/>
        <source>Lade Konflikte vom Server …</source>
        <translation>Loading conflicts from the server …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="203"/>
        <source>Konflikte konnten nicht geladen werden: {reason}</source>
        <translation>Conflicts could not be loaded: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="272"/>
        <source>Speichere die Entscheidung …</source>
        <translation>Saving the decision …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="284"/>
        <source>Entschieden. Der gewählte Wert gilt jetzt auf allen Geräten.</source>
        <translation>Decided. The chosen value now applies on all devices.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="307"/>
        <source>Stammdaten</source>
        <translation>Master data</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="308"/>
        <source>Namensvariante</source>
        <translation>Name variant</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="310"/>
        <source>Aufenthaltsstatus</source>
        <translation>Residence status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="311"/>
        <source>Haushalt</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="312"/>
        <source>Beratung</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="313"/>
        <source>Verweisung</source>
        <translation>Referral</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="314"/>
        <source>Wiedervorlage</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="315"/>
        <source>Einwilligung</source>
        <translation>Consent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="317"/>
        <source>Förderplan</source>
        <translation>Support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="318"/>
        <source>Ziel im Förderplan</source>
        <translation>Goal in the support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="319"/>
        <source>Schritt im Förderplan</source>
        <translation>Step in the support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="320"/>
        <source>Überprüfung des Förderplans</source>
        <translation>Review of the support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="322"/>
        <source>Projektteilnahme</source>
        <translation>Project participation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="325"/>
        <source>{kind} angelegt</source>
        <translation>{kind} created</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="326"/>
        <source>{kind} geändert</source>
        <translation>{kind} changed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conflicts_view.py" line="327"/>
        <source>{kind} gelöscht</source>
        <translation>{kind} deleted</translation>
    </message>
</context>
<context>
    <name>ConsentForm</name>
    <message>
        <location filename="../../desktop/ui/sections.py" line="144"/>
        <source>Einwilligung erfassen</source>
        <translation>Record consent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="154"/>
        <source>weitere Stellen, durch Komma getrennt (z. B. Caritas Naumburg)</source>
        <translation>other bodies, separated by commas (e.g. Caritas Naumburg)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="179"/>
        <source>befristet bis</source>
        <translation>limited until</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="185"/>
        <source>z. B. Formular-Nr. oder Ablageort</source>
        <translation>e.g. form no. or where it is filed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="188"/>
        <source>Empfangende Stellen</source>
        <translation>Receiving bodies</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="191"/>
        <source>Datenkategorien</source>
        <translation>Data categories</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="193"/>
        <source>Zweck</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="194"/>
        <source>Erteilt am</source>
        <translation>Given on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="196"/>
        <source>Gültig bis</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="199"/>
        <source>Unterschriebenes Formular</source>
        <translation>Signed form</translation>
    </message>
</context>
<context>
    <name>ConsentSection</name>
    <message>
        <location filename="../../desktop/ui/consent_section.py" line="34"/>
        <source>Einwilligungen und Schweigepflichtentbindungen: welche Stellen welche Daten erhalten dürfen, wofür und wie lange.</source>
        <translation>Consents and releases from confidentiality: which bodies may receive which data, for what purpose and for how long.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consent_section.py" line="39"/>
        <source>Einwilligung erfassen</source>
        <translation>Record consent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consent_section.py" line="51"/>
        <source>Formular drucken (PDF) …</source>
        <translation>Print form (PDF) …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consent_section.py" line="57"/>
        <source>Widerruf erfassen …</source>
        <translation>Record withdrawal …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consent_section.py" line="106"/>
        <source>Sprache des Formulars</source>
        <translation>Language of the form</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consent_section.py" line="107"/>
        <source>Das Formular wird auf Deutsch und in dieser Sprache gedruckt:</source>
        <translation>The form is printed in German and in this language:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consent_section.py" line="119"/>
        <source>Formular speichern</source>
        <translation>Save form</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consent_section.py" line="130"/>
        <source>Formular nicht gespeichert</source>
        <translation>Form not saved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consent_section.py" line="131"/>
        <source>Die Datei konnte nicht geschrieben werden: {error}</source>
        <translation>The file could not be written: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consent_section.py" line="144"/>
        <source>Widerruf erfassen</source>
        <translation>Record withdrawal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consent_section.py" line="146"/>
        <source>Die Einwilligung „{purpose}“ ab heute als widerrufen erfassen? Jedes Gerät entfernt bei seiner nächsten Synchronisation, was sie geöffnet hat.</source>
        <translation>Record the consent “{purpose}” as withdrawn from today? Every device removes what it opened at its next synchronisation.</translation>
    </message>
</context>
<context>
    <name>ConsultationDialog</name>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="500"/>
        <source>Beratung erfassen – {name}</source>
        <translation>Record consultation – {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="502"/>
        <source>Beraten von {user}</source>
        <translation>Consultation by {user}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="504"/>
        <source>Kontakt</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="505"/>
        <source>Th&amp;emen</source>
        <translation>Top&amp;ics</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="506"/>
        <source>Gesprächs&amp;notiz</source>
        <translation>Conversation &amp;notes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="507"/>
        <source>Ergebnis</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="508"/>
        <source>Wiedervorlage</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="510"/>
        <source>&amp;Datum, Uhrzeit</source>
        <translation>&amp;Date, time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="511"/>
        <source>Da&amp;uer</source>
        <translation>Du&amp;ration</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="512"/>
        <source>Sach&amp;gebiet</source>
        <translation>&amp;Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="513"/>
        <source>&amp;Ort</source>
        <translation>&amp;Location</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="514"/>
        <source>&amp;Art</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="515"/>
        <source>Sp&amp;rache</source>
        <translation>Lan&amp;guage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="516"/>
        <source>Sprach&amp;mittlung</source>
        <translation>Language &amp;mediation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="517"/>
        <source>Buc&amp;hung</source>
        <translation>Boo&amp;king</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="518"/>
        <source>Erge&amp;bnis</source>
        <translation>Out&amp;come</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="519"/>
        <source>Nächster &amp;Schritt</source>
        <translation>Next &amp;step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="520"/>
        <source>Au&amp;fgabe</source>
        <translation>T&amp;ask</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="521"/>
        <source>&amp;Zuständig</source>
        <translation>Assigned t&amp;o</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="524"/>
        <source> Min.</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="525"/>
        <source>ja, durch</source>
        <translation>yes, by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="526"/>
        <source>&amp;km</source>
        <translation>&amp;km</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="527"/>
        <source>Gefahrene Kilometer der Sprachmittlung (Fahrtkosten)</source>
        <translation>Kilometres driven by the language mediator (travel costs)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="528"/>
        <source>Sprachmitt&amp;lung anfragen …</source>
        <translation>Request a &amp;language mediator …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="529"/>
        <source>— keine gebuchte Sprachmittlung —</source>
        <translation>— no booked language mediator —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="531"/>
        <source>Beim Speichern werden die Stunden der Sprachmittlung aus der Dauer erfasst</source>
        <translation>On saving, the mediator&apos;s hours are recorded from the duration</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="534"/>
        <source>Name der Sprachmittlerin / des Sprachmittlers</source>
        <translation>Name of the language mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="536"/>
        <source>Anliegen, besprochene Punkte, Vereinbarungen …</source>
        <translation>Concern, points discussed, agreements …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="538"/>
        <source>z. B. Unterlagen nachreichen, Termin beim Jobcenter</source>
        <translation>e.g. hand in documents later, appointment at the Jobcenter</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="540"/>
        <source>&amp;Wiedervorlage am</source>
        <translation>&amp;Follow-up on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="541"/>
        <source>Was ist dann zu tun?</source>
        <translation>What needs to be done then?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="542"/>
        <source>leer = ganzes Sachgebiet</source>
        <translation>empty = whole unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="543"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="544"/>
        <source>Speichern (Strg+Eingabe oder Strg+S)</source>
        <translation>Save (Ctrl+Enter or Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="545"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="547"/>
        <source>Strg+Eingabe speichert · Esc schließt</source>
        <translation>Ctrl+Enter saves · Esc closes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="550"/>
        <source>Wiederhergestellter Entwurf vom {time}</source>
        <translation>Restored draft from {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="813"/>
        <source>Die Klientenakte ist nicht mehr vorhanden. Die Eingaben bleiben als Entwurf erhalten.</source>
        <translation>The client file no longer exists. Your entries are kept as a draft.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="904"/>
        <source>Verweisung &amp;ändern …</source>
        <translation>&amp;Change referral …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="904"/>
        <source>&amp;Verweisung …</source>
        <translation>&amp;Referral …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="907"/>
        <source>Verweisung an {target}</source>
        <translation>Referral to {target}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="927"/>
        <source>Die gewählte Buchung der Sprachmittlung ist nicht mehr offen. Bitte eine andere wählen oder keine.</source>
        <translation>The chosen mediator booking is no longer open. Please choose another one or none.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="958"/>
        <source>Speichern fehlgeschlagen</source>
        <translation>Saving failed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="959"/>
        <source>Die Beratung konnte nicht gespeichert werden.</source>
        <translation>The consultation could not be saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="962"/>
        <source>Ihre Eingaben bleiben im Formular und als Entwurf erhalten. Bitte versuchen Sie es in einem Moment erneut. Tritt der Fehler wiederholt auf, wenden Sie sich bitte an den IT-Service und nennen Sie die Details.</source>
        <translation>Your entries remain in the form and are kept as a draft. Please try again in a moment. If the error keeps occurring, please contact the IT service and give them the details.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="1023"/>
        <source>Entwurf konnte nicht gesichert werden</source>
        <translation>Draft could not be saved</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="1025"/>
        <source>Entwurf gesichert um {time}</source>
        <translation>Draft saved at {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="1038"/>
        <source>Die Beratung ist noch nicht gespeichert.</source>
        <translation>The consultation has not been saved yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/consultation_form.py" line="1039"/>
        <source>Als Entwurf behalten, um später weiterzuarbeiten?</source>
        <translation>Keep it as a draft to continue later?</translation>
    </message>
</context>
<context>
    <name>ConsultationViewDialog</name>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="428"/>
        <source>Beratung vom {date}</source>
        <translation>Consultation on {date}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="444"/>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="445"/>
        <source>{when} Uhr, {minutes} Minuten</source>
        <translation>{when}, {minutes} minutes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="449"/>
        <source>Sachgebiet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="450"/>
        <source>Berater:in</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="452"/>
        <source>Art und Ort</source>
        <translation>Type and place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="462"/>
        <source>Themen</source>
        <translation>Topics</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="465"/>
        <source>Sprachmittlung</source>
        <translation>Language mediation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="466"/>
        <source>{language}, durch {name}</source>
        <translation>{language}, by {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="472"/>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="473"/>
        <source>Ergebnis</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="474"/>
        <source>Nächster Schritt</source>
        <translation>Next step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="480"/>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="488"/>
        <source>Notiz</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="501"/>
        <source>{mark}: Diese Beratung hat nur dieses Gerät.</source>
        <translation>{mark}: only this device has this consultation.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="511"/>
        <source>Geben Sie den Text an die Stelle weiter, die ihn erfassen darf, und markieren Sie den Hinweis dann als erledigt.</source>
        <translation>Pass the text on to the unit that may record it, then mark this notice as done.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="516"/>
        <source>Text kopieren</source>
        <translation>Copy text</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="518"/>
        <source>Erledigt</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="534"/>
        <source>Kopiert</source>
        <translation>Copied</translation>
    </message>
</context>
<context>
    <name>DateList</name>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="62"/>
        <source>Entfernen</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>DirectoryPage</name>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="381"/>
        <source>An&amp;gebote</source>
        <translation>&amp;Offers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="382"/>
        <source>&amp;Sprechstunden</source>
        <translation>&amp;Consulting hours</translation>
    </message>
</context>
<context>
    <name>DirectoryView</name>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="236"/>
        <source>Angebote</source>
        <translation>Offers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="240"/>
        <source>&amp;Thema</source>
        <translation>&amp;Topic</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="241"/>
        <source>S&amp;prache</source>
        <translation>Lan&amp;guage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="242"/>
        <source>&amp;Ort</source>
        <translation>&amp;Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="243"/>
        <source>&amp;Zielgruppe</source>
        <translation>Target &amp;group</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="244"/>
        <source>Stich&amp;wort</source>
        <translation>&amp;Words</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="249"/>
        <source>alle</source>
        <translation>all</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="250"/>
        <location filename="../../desktop/ui/directory_view.py" line="251"/>
        <source>egal</source>
        <translation>any</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="252"/>
        <source>Name, Träger oder Beschreibung</source>
        <translation>Name, provider or description</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="253"/>
        <source>auch &amp;deaktivierte</source>
        <translation>also &amp;deactivated</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="254"/>
        <source>&amp;Neues Angebot …</source>
        <translation>&amp;New offer …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="255"/>
        <source>&amp;Bearbeiten …</source>
        <translation>&amp;Edit …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="256"/>
        <source>Neuer T&amp;räger …</source>
        <translation>New p&amp;rovider …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="334"/>
        <source>Verzeichnis wird geladen …</source>
        <translation>Loading the directory …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="338"/>
        <source>Das Verzeichnis ist noch leer: Es kommt mit der nächsten Synchronisierung.</source>
        <translation>The directory is still empty: it arrives with the next synchronisation.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="342"/>
        <source>Kein Angebot passt zu diesen Angaben.</source>
        <translation>No offer fits these details.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/directory_view.py" line="344"/>
        <source>%n Angebot(e), das passendste zuerst</source>
        <translation>
            <numerusform>%n offer, the best fit first</numerusform>
            <numerusform>%n offers, the best fit first</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DuplicatePanel</name>
    <message>
        <location filename="../../desktop/ui/client_fields.py" line="290"/>
        <source>Ausgewählte Person öffnen</source>
        <translation>Open selected person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_fields.py" line="295"/>
        <source>Trotzdem neu anlegen</source>
        <translation>Create new anyway</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_fields.py" line="307"/>
        <source>Die Dublettenprüfung ist fehlgeschlagen. Bitte über die Suche prüfen, ob die Person schon erfasst ist, bevor Sie sie neu anlegen.</source>
        <translation>The duplicate check failed. Please use the search to check whether the person is already registered before you create a new record.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/client_fields.py" line="311"/>
        <source>Mögliche Dubletten – diese Personen sind bereits erfasst:</source>
        <translation>Possible duplicates – these people are already registered:</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="47"/>
        <source>AZR-Nummer</source>
        <translation>AZR number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="48"/>
        <source>ABH-Aktenzeichen</source>
        <translation>Immigration office file number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="49"/>
        <source>BAMF-Aktenzeichen</source>
        <translation>BAMF file number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="140"/>
        <source>Mögliche Dubletten</source>
        <translation>Possible duplicates</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="141"/>
        <source>Zu prüfen ({n})</source>
        <translation>To review ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="144"/>
        <source>Zusammengeführt ({n})</source>
        <translation>Merged ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="148"/>
        <source>Akten</source>
        <translation>Files</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="148"/>
        <source>Übereinstimmung</source>
        <translation>Match</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="150"/>
        <source>Feld</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="150"/>
        <source>Akte A</source>
        <translation>File A</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="150"/>
        <source>Akte B</source>
        <translation>File B</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="154"/>
        <source>Zusammengeführt am</source>
        <translation>Merged on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="155"/>
        <source>Verbleibende Akte</source>
        <translation>Remaining file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="156"/>
        <source>Aufgelöste Akte</source>
        <translation>Merged-away file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="157"/>
        <source>Von / Grund</source>
        <translation>By / reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="158"/>
        <source>Rückgängig gemacht</source>
        <translation>Undone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="163"/>
        <source>Gelb: die Akten unterscheiden sich. Ein Klick auf einen Wert wählt ihn für die verbleibende Akte (grün). Alle Beratungen, Wiedervorlagen und Dokumente beider Akten bleiben erhalten; die Zusammenführung kann rückgängig gemacht werden.</source>
        <translation>Yellow: the files differ. Click a value to keep it in the remaining file (green). All consultations, follow-ups and documents of both files are kept; the merge can be undone.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="168"/>
        <source>Verbleibende Akte:</source>
        <translation>Remaining file:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="169"/>
        <source>Zusammenführen</source>
        <translation>Merge</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="170"/>
        <source>Nicht dieselbe Person</source>
        <translation>Not the same person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="171"/>
        <source>Zusammenführung rückgängig machen</source>
        <translation>Undo merge</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="177"/>
        <source>Lade mögliche Dubletten vom Server …</source>
        <translation>Loading possible duplicates from the server …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="187"/>
        <source>Keine möglichen Dubletten offen.</source>
        <translation>No possible duplicates to review.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="194"/>
        <source>Der Server konnte nicht gefragt werden: {reason}</source>
        <translation>The server could not be asked: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="203"/>
        <source>sicher</source>
        <translation>certain</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="203"/>
        <source>wahrscheinlich</source>
        <translation>likely</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="275"/>
        <source>Gründe: {reasons}</source>
        <translation>Reasons: {reasons}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="285"/>
        <source>Akte {side}: {name}, angelegt {created}</source>
        <translation>File {side}: {name}, created {created}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="332"/>
        <source>Führe die Akten zusammen …</source>
        <translation>Merging the files …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="349"/>
        <source>Speichere: nicht dieselbe Person …</source>
        <translation>Saving: not the same person …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="363"/>
        <source>Mache die Zusammenführung rückgängig …</source>
        <translation>Undoing the merge …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/duplicates_view.py" line="382"/>
        <source>Gespeichert. Die Geräte erhalten die Änderung mit dem nächsten Abgleich.</source>
        <translation>Saved. Devices receive the change with their next sync.</translation>
    </message>
</context>
<context>
    <name>FormKeys</name>
    <message>
        <location filename="../../desktop/ui/form_keys.py" line="75"/>
        <source>Änderungen verwerfen?</source>
        <translation>Discard changes?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form_keys.py" line="77"/>
        <source>Die Eingaben in diesem Formular sind noch nicht gespeichert.</source>
        <translation>What was entered in this form has not been saved yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form_keys.py" line="85"/>
        <source>Sollen die Eingaben verworfen werden?</source>
        <translation>Discard what was entered?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form_keys.py" line="88"/>
        <source>Verwerfen</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form_keys.py" line="91"/>
        <source>Weiter bearbeiten</source>
        <translation>Continue editing</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/form_keys.py" line="95"/>
        <source>Entwurf behalten</source>
        <translation>Keep draft</translation>
    </message>
</context>
<context>
    <name>FunderListDialog</name>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="172"/>
        <source>Förderliste</source>
        <translation>Funder list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="173"/>
        <source>&amp;Projekt</source>
        <translation>&amp;Project</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="174"/>
        <source>&amp;Vorlage des Förderers</source>
        <translation>Funder&apos;s te&amp;mplate</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="175"/>
        <source>&amp;von</source>
        <translation>&amp;from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="176"/>
        <source>&amp;bis</source>
        <translation>&amp;to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="177"/>
        <source>&amp;Quartal</source>
        <translation>&amp;Quarter</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="178"/>
        <source>&amp;Zeitraum</source>
        <translation>Peri&amp;od</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="179"/>
        <source>&amp;Anzeigen</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="180"/>
        <source>Als &amp;XLSX speichern …</source>
        <translation>Save as &amp;XLSX …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="181"/>
        <source>Als &amp;CSV speichern …</source>
        <translation>Save as &amp;CSV …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="223"/>
        <source>Das Ende des Zeitraums liegt vor seinem Anfang.</source>
        <translation>The end of the period lies before its start.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="226"/>
        <source>Wird geladen …</source>
        <translation>Loading …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="246"/>
        <source>{title} – {project}, {first} bis {last}</source>
        <translation>{title} – {project}, {first} to {last}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="265"/>
        <source>{n} Teilnahmen</source>
        <translation>{n} participation(s)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="294"/>
        <source>Keine Verbindung zum Server. Die Förderliste rechnet der Server aus den Teilnahmen und Beratungen; sie ist nur mit Verbindung zu sehen.</source>
        <translation>No connection to the server. The server computes the funder list from the participations and consultations; it can only be seen with a connection.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="299"/>
        <source>Dieses Gerät ist nicht am Server angemeldet; die Förderliste kommt vom Server.</source>
        <translation>This device is not registered with the server; the funder list comes from the server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="302"/>
        <source>Die Datei konnte nicht gespeichert werden: {error}</source>
        <translation>The file could not be saved: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="319"/>
        <source>Förderliste speichern</source>
        <translation>Save funder list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="327"/>
        <source>Wird gespeichert …</source>
        <translation>Saving …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/funder_dialog.py" line="345"/>
        <source>Gespeichert: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
</context>
<context>
    <name>GoalBox</name>
    <message>
        <location filename="../../desktop/ui/plan_rows.py" line="185"/>
        <source>Ziel in klaren Worten</source>
        <translation>The goal in plain words</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_rows.py" line="186"/>
        <source>Schritt hinzufügen</source>
        <translation>Add step</translation>
    </message>
</context>
<context>
    <name>GroupDialogs</name>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="93"/>
        <source>Speichern fehlgeschlagen: {error}</source>
        <translation>Saving failed: {error}</translation>
    </message>
</context>
<context>
    <name>GroupsView</name>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="88"/>
        <source>Gruppen</source>
        <translation>Groups</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="92"/>
        <source>Anstehende Termine</source>
        <translation>Upcoming sessions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="93"/>
        <source>Vergangene Termine</source>
        <translation>Past sessions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="94"/>
        <source>Alle Termine</source>
        <translation>All sessions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="99"/>
        <source>Beginn</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="100"/>
        <source>Titel</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="101"/>
        <source>Thema</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="102"/>
        <source>Ort</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="103"/>
        <source>Anwesend</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="104"/>
        <source>Erfasst</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="107"/>
        <source>&amp;Planen …</source>
        <translation>&amp;Plan …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="108"/>
        <source>&amp;Bearbeiten …</source>
        <translation>&amp;Edit …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="109"/>
        <source>&amp;Teilnahme erfassen …</source>
        <translation>&amp;Record attendance …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="110"/>
        <source>Be&amp;scheinigungen drucken …</source>
        <translation>Print &amp;certificates …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="159"/>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="159"/>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="180"/>
        <source>Keine Termine. „Planen …“ legt einen Termin oder eine Reihe an.</source>
        <translation>No sessions. “Plan …” creates a session or a series.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="226"/>
        <source>Teilnahme erfasst: in {n} Akten eingetragen.</source>
        <translation>Attendance recorded: entered in {n} client file(s).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="256"/>
        <source>{n} Teilnahmebescheinigungen geschrieben.</source>
        <translation>{n} certificate(s) of participation written.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/groups_view.py" line="263"/>
        <source>Drucken fehlgeschlagen</source>
        <translation>Printing failed</translation>
    </message>
</context>
<context>
    <name>HoursDialog</name>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="143"/>
        <source>&amp;Sachgebiet</source>
        <translation>&amp;Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="146"/>
        <source>&amp;Ort</source>
        <translation>&amp;Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="148"/>
        <source>&amp;Art</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="153"/>
        <source>Hinweis, z. B. im Bürgerhaus, 1. OG</source>
        <translation>Note, e.g. in the community centre, first floor</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="155"/>
        <source>&amp;Wann</source>
        <translation>&amp;When</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="171"/>
        <source>Gültig a&amp;b</source>
        <translation>Valid &amp;from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="178"/>
        <source>Gültig b&amp;is</source>
        <translation>Valid u&amp;ntil</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="178"/>
        <source>befristet bis</source>
        <translation>limited until</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="183"/>
        <source>Ausfall &amp;hinzufügen</source>
        <translation>Add &amp;cancellation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="184"/>
        <source>Termin hin&amp;zufügen</source>
        <translation>Add extr&amp;a date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="186"/>
        <source>Fällt aus am</source>
        <translation>Cancelled on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="187"/>
        <source>Zusätzlich am</source>
        <translation>Additionally on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="197"/>
        <source>&amp;Deaktiviert (erscheint nirgends mehr; wird nie gelöscht)</source>
        <translation>&amp;Deactivated (no longer shown anywhere; never deleted)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="209"/>
        <source>Neue Sprechstunde</source>
        <translation>New consulting hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="212"/>
        <source>Sprechstunde bearbeiten</source>
        <translation>Edit consulting hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_dialog.py" line="220"/>
        <source>Diese Sprechstunde ist auf diesem Gerät nicht (mehr) vorhanden.</source>
        <translation>These consulting hours are not (or no longer) on this device.</translation>
    </message>
</context>
<context>
    <name>HoursModel</name>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="66"/>
        <source>Wann</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="67"/>
        <source>Ort</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="68"/>
        <source>Sachgebiet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="69"/>
        <source>Art</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="70"/>
        <source>Hinweis</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="85"/>
        <source>fällt aus</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="87"/>
        <source>deaktiviert</source>
        <translation>deactivated</translation>
    </message>
</context>
<context>
    <name>HoursRow</name>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="27"/>
        <source>Mo</source>
        <translation>Mon</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="28"/>
        <source>Di</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="29"/>
        <source>Mi</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="30"/>
        <source>Do</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="31"/>
        <source>Fr</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="32"/>
        <source>Sa</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="33"/>
        <source>So</source>
        <translation>Sun</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="140"/>
        <source>Regel (iCal RRULE), z. B. FREQ=MONTHLY;BYDAY=1TU</source>
        <translation>Rule (iCal RRULE), e.g. FREQ=MONTHLY;BYDAY=1TU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="142"/>
        <source>Hinweis (optional)</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="148"/>
        <source>von</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="150"/>
        <source>bis</source>
        <translation>to</translation>
    </message>
</context>
<context>
    <name>HoursView</name>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="194"/>
        <source>Sprechstunden im LRA und dezentral</source>
        <translation>Consulting hours at the county office and decentral</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="195"/>
        <source>◀ &amp;Vorige Woche</source>
        <translation>◀ &amp;Previous week</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="196"/>
        <source>Diese &amp;Woche</source>
        <translation>This &amp;week</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="197"/>
        <source>Nächste Wo&amp;che ▶</source>
        <translation>Ne&amp;xt week ▶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="199"/>
        <source>Sachgebi&amp;et</source>
        <translation>&amp;Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="199"/>
        <source>&amp;Ort</source>
        <translation>Pl&amp;ace</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="199"/>
        <source>Ar&amp;t</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="203"/>
        <source>alle</source>
        <translation>all</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="204"/>
        <source>alle &amp;Regeln zeigen</source>
        <translation>show all &amp;rules</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="205"/>
        <source>&amp;Neue Sprechstunde …</source>
        <translation>&amp;New consulting hours …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="206"/>
        <source>&amp;Bearbeiten …</source>
        <translation>&amp;Edit …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="270"/>
        <source>Alle Sprechzeiten mit ihren Regeln</source>
        <translation>All consulting times with their rules</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="273"/>
        <source>KW {week}: {start} – {end}</source>
        <translation>Week {week}: {start} – {end}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="321"/>
        <source>Sprechstunden werden geladen …</source>
        <translation>Loading consulting hours …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="324"/>
        <source>Noch keine Sprechstunden: Sie kommen mit der nächsten Synchronisierung.</source>
        <translation>No consulting hours yet: they arrive with the next synchronisation.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/hours_view.py" line="327"/>
        <source>In dieser Auswahl keine Sprechstunden.</source>
        <translation>No consulting hours in this selection.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/hours_view.py" line="329"/>
        <source>%n Sprechzeit(en)</source>
        <translation>
            <numerusform>%n consulting time</numerusform>
            <numerusform>%n consulting times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/hours_view.py" line="331"/>
        <source>%n Termin(e) in dieser Woche</source>
        <translation>
            <numerusform>%n date this week</numerusform>
            <numerusform>%n dates this week</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HouseholdSection</name>
    <message>
        <location filename="../../desktop/ui/household.py" line="75"/>
        <source>Personen desselben Haushalts oder derselben Bedarfsgemeinschaft. Doppelklick öffnet die Akte der Person.</source>
        <translation>People in the same household or benefit household (Bedarfsgemeinschaft). Double-click opens the person&apos;s file.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household.py" line="80"/>
        <source>Person verknüpfen</source>
        <translation>Link person</translation>
    </message>
</context>
<context>
    <name>LanguageRow</name>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="59"/>
        <source>Hinweis, z. B. mit Sprachmittlung nach Absprache</source>
        <translation>Note, e.g. with a language mediator by arrangement</translation>
    </message>
</context>
<context>
    <name>LinkClientDialog</name>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="160"/>
        <source>Erledigt – {number}</source>
        <translation>Done – {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="163"/>
        <source>{number} ist noch keiner Klientenakte zugeordnet. Person suchen (Enter übernimmt) oder neu erfassen – die Beratung wird dann in ihrer Akte erfasst.</source>
        <translation>{number} is not linked to a client file yet. Search for the person (Enter takes the file) or register them – the consultation is then recorded in their file.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="167"/>
        <source>Akte übernehmen</source>
        <translation>Take this file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="168"/>
        <source>Ohne Beratung abschließen</source>
        <translation>Finish without a consultation</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="245"/>
        <source>Am Server anmelden</source>
        <translation>Log in to the server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="250"/>
        <source>Bitte melden Sie sich mit Ihrem Passwort erneut an.</source>
        <translation>Please log in again with your password.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="256"/>
        <source>Die Daten auf diesem Gerät und noch nicht gesendete Änderungen bleiben erhalten; nichts wird neu heruntergeladen.</source>
        <translation>The data on this device and changes not yet sent are kept; nothing is downloaded again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="263"/>
        <source>Dieses Gerät wird einmalig beim Server angemeldet. Ihre lokal gespeicherten Daten bleiben erhalten und werden danach synchronisiert.</source>
        <translation>This device is registered with the server once. Your locally saved data is kept and synchronised afterwards.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="268"/>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="268"/>
        <source>&amp;Benutzername</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="268"/>
        <source>&amp;Passwort</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="271"/>
        <source>Anmelden</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="280"/>
        <source>Bitte Server, Benutzername und Passwort angeben.</source>
        <translation>Please enter server, user name and password.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="283"/>
        <source>Die Serveradresse beginnt mit http:// oder https://.</source>
        <translation>The server address starts with http:// or https://.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="288"/>
        <source>Das Passwort ist zu lang (höchstens 1000 Zeichen).</source>
        <translation>The password is too long (at most 1000 characters).</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="222"/>
        <source>MiA Desk – Migrationsagentur</source>
        <translation>MiA Desk – Migration Agency</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="225"/>
        <source>Heute</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="226"/>
        <source>Klient:innen</source>
        <translation>Clients</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="227"/>
        <location filename="../../desktop/ui/main_window.py" line="518"/>
        <source>Wiedervorlagen</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="228"/>
        <source>Empfang</source>
        <translation>Reception</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="229"/>
        <source>Angebote</source>
        <translation>Offers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="230"/>
        <source>Sprachmittlung</source>
        <translation>Language mediation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="231"/>
        <source>Gruppen</source>
        <translation>Groups</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="232"/>
        <source>Berichte</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="246"/>
        <source>Person suchen</source>
        <translation>Find person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="247"/>
        <source>Neue:r Klient:in …</source>
        <translation>New client …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="248"/>
        <source>Beratung erfassen …</source>
        <translation>Record consultation …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="249"/>
        <source>Akte schließen</source>
        <translation>Close file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="250"/>
        <source>Beenden</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="253"/>
        <source>Mögliche Dubletten …</source>
        <translation>Possible duplicates …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="254"/>
        <source>Protokoll der Zugriffe …</source>
        <translation>Access log …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="255"/>
        <source>Wartestatistik …</source>
        <translation>Waiting statistics …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="257"/>
        <source>Ungedeckte Bedarfe …</source>
        <translation>Unmet needs …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="259"/>
        <source>Passwort ändern …</source>
        <translation>Change password …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="260"/>
        <location filename="../../desktop/ui/main_window.py" line="524"/>
        <source>Über MiA Desk</source>
        <translation>About MiA Desk</translation>
    </message>
    <message>
        <location filename="../../desktop/selftest.py" line="259"/>
        <location filename="../../desktop/ui/main_window.py" line="261"/>
        <source>&amp;Datei</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="262"/>
        <source>&amp;Ansicht</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="263"/>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="264"/>
        <source>&amp;Hilfe</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="267"/>
        <source>Links eine Person suchen und mit Enter öffnen.
Die Klientenakte erscheint hier.</source>
        <translation>Search for a person on the left and open them with Enter.
The client file appears here.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="304"/>
        <source>{user} · {unit}</source>
        <translation>{user} · {unit}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="526"/>
        <source>MiA Desk – Fallarbeit der Migrationsagentur.
Eine Akte pro Person, auch offline.</source>
        <translation>MiA Desk – casework of the Migration Agency.
One file per person, even offline.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="251"/>
        <source>Jetzt synchronisieren</source>
        <translation>Synchronise now</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="252"/>
        <source>Konflikte …</source>
        <translation>Conflicts …</translation>
    </message>
</context>
<context>
    <name>MasterDataView</name>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="22"/>
        <source>weiblich</source>
        <translation>female</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="23"/>
        <source>männlich</source>
        <translation>male</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="24"/>
        <source>divers</source>
        <translation>diverse</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="25"/>
        <source>unbekannt</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="105"/>
        <source>keine</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="121"/>
        <source>{language} (Dolmetschbedarf)</source>
        <translation>{language} (interpreter needed)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="130"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="132"/>
        <source>Familienname</source>
        <translation>Family name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="133"/>
        <source>Vorname(n)</source>
        <translation>Given name(s)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="134"/>
        <source>Geburtsname</source>
        <translation>Name at birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="136"/>
        <source>Geburtsdatum</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="139"/>
        <source>Geburtsort</source>
        <translation>Place of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="140"/>
        <source>Geschlecht</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="141"/>
        <source>Staatsangehörigkeit</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="142"/>
        <source>Sprachen</source>
        <translation>Languages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="147"/>
        <source>Kontakt</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="149"/>
        <source>Telefon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="150"/>
        <source>Anschrift / Unterkunft</source>
        <translation>Address / accommodation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="151"/>
        <source>Zielgruppe</source>
        <translation>Target group</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="153"/>
        <source>Letzter Kontakt</source>
        <translation>Last contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="160"/>
        <source>Kennungen</source>
        <translation>Identifiers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/master_data.py" line="165"/>
        <source>Andere Namen und Schreibweisen</source>
        <translation>Other names and spellings</translation>
    </message>
</context>
<context>
    <name>MediationView</name>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="158"/>
        <source>ohne Akte</source>
        <translation>no file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="206"/>
        <source>Gebucht: {name}</source>
        <translation>Booked: {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="223"/>
        <source>Buchung: {status}</source>
        <translation>Booking: {status}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="228"/>
        <source>Nicht möglich: die Buchung wurde inzwischen geändert.</source>
        <translation>Not possible: the booking has been changed meanwhile.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="230"/>
        <source>Speichern fehlgeschlagen: {error}</source>
        <translation>Saving failed: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="286"/>
        <source> (inaktiv)</source>
        <translation> (inactive)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="304"/>
        <source>{n} im Pool · {w} mit Hinweis zu Voraussetzungen</source>
        <translation>{n} in the pool · {w} with a vetting warning</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="451"/>
        <source>Monatsliste {month} (geprüft und ausgezahlt): {total}</source>
        <translation>Monthly list {month} (reviewed and paid): {total}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="504"/>
        <source>Monatsliste speichern</source>
        <translation>Save monthly list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="506"/>
        <source>CSV-Tabelle (*.csv)</source>
        <translation>CSV table (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="529"/>
        <source>Die Liste konnte nicht gespeichert werden: {error}</source>
        <translation>The list could not be saved: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="523"/>
        <source>Gespeichert: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="546"/>
        <source>Sprachmittlung</source>
        <translation>Language mediation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="548"/>
        <source>&amp;Anfragen und Buchungen</source>
        <translation>&amp;Requests and bookings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="548"/>
        <source>&amp;Pool</source>
        <translation>&amp;Pool</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="548"/>
        <source>&amp;Stunden</source>
        <translation>&amp;Hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="554"/>
        <source>Offen (angefragt, gebucht)</source>
        <translation>Open (requested, booked)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="555"/>
        <source>Alle</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="560"/>
        <source>Termin</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="561"/>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="562"/>
        <location filename="../../desktop/ui/mediation_view.py" line="579"/>
        <source>Einsatz</source>
        <translation>Setting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="563"/>
        <source>Ort</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="564"/>
        <location filename="../../desktop/ui/mediation_view.py" line="593"/>
        <source>Sachgebiet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="565"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="566"/>
        <location filename="../../desktop/ui/mediation_view.py" line="597"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="567"/>
        <location filename="../../desktop/ui/mediation_view.py" line="592"/>
        <source>Sprachmittler:in</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="570"/>
        <source>&amp;Zuweisen …</source>
        <translation>&amp;Assign …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="571"/>
        <source>A&amp;bsagen</source>
        <translation>Ca&amp;ncel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="572"/>
        <source>&amp;Nicht erschienen</source>
        <translation>No-sho&amp;w</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="573"/>
        <source>&amp;Inaktive zeigen</source>
        <translation>Show &amp;inactive</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="576"/>
        <location filename="../../desktop/ui/mediation_view.py" line="604"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="577"/>
        <source>Sprachen</source>
        <translation>Languages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="578"/>
        <source>Voraussetzungen</source>
        <translation>Vetting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="580"/>
        <source>Gebiete</source>
        <translation>Areas</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="581"/>
        <source>Verfügbarkeit</source>
        <translation>Availability</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="582"/>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="585"/>
        <source>&amp;Neu …</source>
        <translation>&amp;New …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="586"/>
        <source>&amp;Bearbeiten …</source>
        <translation>&amp;Edit …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="587"/>
        <source>&amp;Deaktivieren</source>
        <translation>&amp;Deactivate</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="588"/>
        <source>&amp;Monat</source>
        <translation>&amp;Month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="591"/>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="594"/>
        <source>Minuten</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="595"/>
        <location filename="../../desktop/ui/mediation_view.py" line="608"/>
        <source>Kilometer</source>
        <translation>Kilometres</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="596"/>
        <location filename="../../desktop/ui/mediation_view.py" line="609"/>
        <source>Betrag</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="598"/>
        <source>Geprüft von</source>
        <translation>Reviewed by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="599"/>
        <source>Ausgezahlt am</source>
        <translation>Paid on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="605"/>
        <source>Tage</source>
        <translation>Days</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="606"/>
        <source>Einsätze</source>
        <translation>Assignments</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="607"/>
        <source>Stunden</source>
        <translation>Hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="612"/>
        <source>&amp;Geprüft</source>
        <translation>Re&amp;viewed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="613"/>
        <source>Ausge&amp;zahlt</source>
        <translation>&amp;Paid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="614"/>
        <source>Als P&amp;DF …</source>
        <translation>As P&amp;DF …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediation_view.py" line="615"/>
        <source>Als &amp;CSV …</source>
        <translation>As &amp;CSV …</translation>
    </message>
</context>
<context>
    <name>MediatorDialog</name>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="213"/>
        <source>Sprachmittler:in bearbeiten</source>
        <translation>Edit language mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="215"/>
        <source>Neue Sprachmittlerin / neuer Sprachmittler</source>
        <translation>New language mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="217"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="218"/>
        <source>Einsatz</source>
        <translation>Work</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="219"/>
        <source>Voraussetzungen</source>
        <translation>Vetting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="220"/>
        <source>erledigt am</source>
        <translation>done on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="221"/>
        <source>gültig bis</source>
        <translation>valid until</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="223"/>
        <source>&amp;Familienname</source>
        <translation>&amp;Family name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="224"/>
        <source>&amp;Vorname(n)</source>
        <translation>&amp;Given name(s)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="225"/>
        <source>&amp;Art</source>
        <translation>&amp;Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="226"/>
        <source>&amp;Telefon</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="227"/>
        <source>E-&amp;Mail</source>
        <translation>E-&amp;mail</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="228"/>
        <source>Ans&amp;chrift</source>
        <translation>Addre&amp;ss</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="229"/>
        <source>&amp;Notiz</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="230"/>
        <source>&amp;Sprachen</source>
        <translation>&amp;Languages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="231"/>
        <source>Einsat&amp;zarten</source>
        <translation>Se&amp;ttings</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="232"/>
        <source>&amp;Gebiete</source>
        <translation>A&amp;reas</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="233"/>
        <source>Ver&amp;fügbarkeit</source>
        <translation>Availa&amp;bility</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="236"/>
        <source>a&amp;ktiv im Pool</source>
        <translation>a&amp;ctive in the pool</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="237"/>
        <source>&amp;Hinzufügen</source>
        <translation>A&amp;dd</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="238"/>
        <source>&amp;Entfernen</source>
        <translation>Re&amp;move</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="239"/>
        <source>z. B. Mo–Mi vormittags, nach Absprache</source>
        <translation>e.g. Mo–Mi vormittags, nach Absprache</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="242"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="243"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/mediator_dialog.py" line="345"/>
        <source>Speichern fehlgeschlagen: {error}</source>
        <translation>Saving failed: {error}</translation>
    </message>
</context>
<context>
    <name>MonthlyDialog</name>
    <message>
        <location filename="../../desktop/ui/report_parts.py" line="291"/>
        <source>Monatsbericht</source>
        <translation>Monthly report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_parts.py" line="292"/>
        <source>&amp;Monat</source>
        <translation>&amp;Month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_parts.py" line="293"/>
        <source>&amp;Dateiart</source>
        <translation>&amp;File type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/report_parts.py" line="294"/>
        <source>&amp;Speichern …</source>
        <translation>&amp;Save …</translation>
    </message>
</context>
<context>
    <name>NeedsDialog</name>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="36"/>
        <source>Dieser Monat</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="37"/>
        <source>Letzter Monat</source>
        <translation>Last month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="38"/>
        <source>Letzte drei Monate</source>
        <translation>Last three months</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="39"/>
        <source>Dieses Jahr</source>
        <translation>This year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="40"/>
        <source>Letztes Jahr</source>
        <translation>Last year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="41"/>
        <source>Frei wählen</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="121"/>
        <source>Ungedeckte Bedarfe</source>
        <translation>Unmet needs</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="122"/>
        <source>&amp;Zeitraum</source>
        <translation>&amp;Period</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="123"/>
        <source>&amp;von</source>
        <translation>&amp;from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="124"/>
        <source>&amp;bis</source>
        <translation>&amp;to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="127"/>
        <source>&amp;Anzeigen</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="128"/>
        <source>Als &amp;CSV speichern …</source>
        <translation>Save as &amp;CSV …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="130"/>
        <source>Monat</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="131"/>
        <source>Thema</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="132"/>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="133"/>
        <source>Ort</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="134"/>
        <source>Ungedeckt</source>
        <translation>Unmet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="135"/>
        <source>Verweisungen</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="136"/>
        <source>Anteil</source>
        <translation>Share</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="137"/>
        <source>Gründe</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="141"/>
        <source>Alle Verweisungen mit demselben Monat, Thema, Sprache und Ort</source>
        <translation>All referrals of the same month, topic, language and place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="145"/>
        <source>Gezählt werden nicht erfolgreiche Verweisungen, deren Grund auf ein fehlendes Angebot zeigt (keine Kapazität, kein Angebot, Sprache, Entfernung), nach dem Datum der Verweisung. Ort: wo der Bedarf besteht.</source>
        <translation>Counted are unsuccessful referrals whose reason points to a missing offer (no capacity, no offer, language, distance), by the date of the referral. Place: where the need is.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="167"/>
        <source>Das Ende des Zeitraums liegt vor seinem Anfang.</source>
        <translation>The end of the period lies before its start.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="170"/>
        <source>Wird gezählt …</source>
        <translation>Counting …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="189"/>
        <source>{first} bis {last}</source>
        <translation>{first} to {last}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="201"/>
        <source>ohne Angabe</source>
        <translation>not recorded</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="212"/>
        <source>{n} × {reason}</source>
        <translation>{n} × {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="226"/>
        <source>&lt;b&gt;{unmet}&lt;/b&gt; ungedeckte Bedarfe bei &lt;b&gt;{referrals}&lt;/b&gt; Verweisungen im Zeitraum ({share}) · &lt;b&gt;{cells}&lt;/b&gt; Kombinationen aus Monat, Thema, Sprache und Ort</source>
        <translation>&lt;b&gt;{unmet}&lt;/b&gt; unmet needs among &lt;b&gt;{referrals}&lt;/b&gt; referrals in the period ({share}) · &lt;b&gt;{cells}&lt;/b&gt; combinations of month, topic, language and place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="255"/>
        <source>Im Zeitraum keine ungedeckten Bedarfe.</source>
        <translation>No unmet needs in the period.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="259"/>
        <source>Nicht gezählt: {error}</source>
        <translation>Not counted: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="271"/>
        <source>Ungedeckte Bedarfe speichern</source>
        <translation>Save unmet needs</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="278"/>
        <source>Wird gespeichert …</source>
        <translation>Saving …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="290"/>
        <source>Gespeichert: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/needs_view.py" line="295"/>
        <source>Nicht gespeichert: {error}</source>
        <translation>Not saved: {error}</translation>
    </message>
</context>
<context>
    <name>NewPassword</name>
    <message>
        <location filename="../../desktop/ui/password.py" line="123"/>
        <source>Mindestens {n} Zeichen, kein verbreitetes Passwort, nicht Ihr Benutzername. Eine Passphrase aus mehreren Wörtern ist gut zu merken.</source>
        <translation>At least {n} characters, not a common password, not your user name. A passphrase of several words is easy to remember.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="134"/>
        <source>Die Wiederholung stimmt noch nicht überein.</source>
        <translation>The repetition does not match yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="137"/>
        <source>✓ Das Passwort erfüllt die Regeln.</source>
        <translation>✓ The password meets the rules.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="145"/>
        <source>Die beiden neuen Passwörter stimmen nicht überein.</source>
        <translation>The two new passwords do not match.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="147"/>
        <source>Das neue Passwort muss sich vom bisherigen unterscheiden.</source>
        <translation>The new password must differ from the current one.</translation>
    </message>
</context>
<context>
    <name>OfferDetail</name>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="57"/>
        <source>deaktiviert – erscheint nicht in der Suche</source>
        <translation>deactivated – not shown in the search</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="60"/>
        <source>nicht aktuell geprüft</source>
        <translation>not verified recently</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="69"/>
        <source>Thema: {topics}</source>
        <translation>Topic: {topics}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="71"/>
        <source>Zielgruppe: {groups}</source>
        <translation>Target group: {groups}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="72"/>
        <source>alle</source>
        <translation>all</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="79"/>
        <source>Beschreibung</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="86"/>
        <source>Voraussetzungen</source>
        <translation>Eligibility</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="95"/>
        <source>Sprachen</source>
        <translation>Languages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="100"/>
        <source>nächster Ort: {km} km entfernt</source>
        <translation>nearest place: {km} km away</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="104"/>
        <source>Orte</source>
        <translation>Places</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="107"/>
        <source>nur nach Terminvereinbarung</source>
        <translation>by appointment only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="110"/>
        <source>Öffnungszeiten</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="114"/>
        <source>Telefon: {phone}</source>
        <translation>Phone: {phone}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="117"/>
        <source>E-Mail: {email}</source>
        <translation>Email: {email}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="125"/>
        <source>Kontakt</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="128"/>
        <source>Kosten</source>
        <translation>Cost</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="129"/>
        <source>kostenlos</source>
        <translation>free of charge</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="135"/>
        <source>Barrierefreiheit</source>
        <translation>Accessibility</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="142"/>
        <source>Bitte mitbringen</source>
        <translation>Please bring</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="147"/>
        <source>Geprüft am {date} von {who}</source>
        <translation>Verified on {date} by {who}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_detail.py" line="151"/>
        <source>Noch nie geprüft</source>
        <translation>Never verified</translation>
    </message>
</context>
<context>
    <name>OfferDialog</name>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="287"/>
        <source>Neuer Trä&amp;ger …</source>
        <translation>New provi&amp;der …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="288"/>
        <source>Träger ände&amp;rn …</source>
        <translation>Change p&amp;rovider …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="297"/>
        <source>&amp;Träger</source>
        <translation>&amp;Provider</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="303"/>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="306"/>
        <source>T&amp;hemen</source>
        <translation>T&amp;opics</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="312"/>
        <source>&amp;Zielgruppen (keine = alle)</source>
        <translation>Target &amp;groups (none = all)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="319"/>
        <source>&amp;Beschreibung</source>
        <translation>&amp;Description</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="322"/>
        <source>&amp;Voraussetzungen</source>
        <translation>&amp;Eligibility</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="324"/>
        <source>Angebot</source>
        <translation>Offer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="328"/>
        <source>Sprache &amp;hinzufügen</source>
        <translation>A&amp;dd language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="329"/>
        <source>Ort hin&amp;zufügen</source>
        <translation>Add &amp;place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="331"/>
        <source>Sprachen (mit Hinweis, z. B. Sprachmittlung)</source>
        <translation>Languages (with a note, e.g. language mediation)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="332"/>
        <source>Orte</source>
        <translation>Places</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="341"/>
        <source>Sprachen und Orte</source>
        <translation>Languages and places</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="346"/>
        <source>Nur nach &amp;Terminvereinbarung</source>
        <translation>By &amp;appointment only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="348"/>
        <source>&amp;Zeit hinzufügen</source>
        <translation>Add &amp;time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="354"/>
        <source>Wochentage ankreuzen und Uhrzeiten wählen – die Regel wird daraus gebildet. Andere Rhythmen als Regel eintragen (z. B. FREQ=MONTHLY;BYDAY=1TU: jeden ersten Dienstag im Monat).</source>
        <translation>Tick the weekdays and choose the times – the rule is made from them. Enter other rhythms as a rule (e.g. FREQ=MONTHLY;BYDAY=1TU: every first Tuesday of the month).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="365"/>
        <source>Zeiten</source>
        <translation>Times</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="371"/>
        <source>&amp;Ansprechperson</source>
        <translation>&amp;Contact person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="376"/>
        <source>&amp;Telefon</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="379"/>
        <source>&amp;E-Mail</source>
        <translation>&amp;Email</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="382"/>
        <source>&amp;Webseite</source>
        <translation>&amp;Website</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="385"/>
        <source>&amp;Kosten</source>
        <translation>C&amp;ost</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="387"/>
        <source>leer = kostenlos</source>
        <translation>empty = free of charge</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="390"/>
        <source>&amp;Barrierefreiheit</source>
        <translation>Acc&amp;essibility</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="396"/>
        <source>&amp;Mitzubringen</source>
        <translation>&amp;What to bring</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="402"/>
        <source>&amp;Geprüft heute</source>
        <translation>&amp;Verified today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="411"/>
        <source>Geprüft</source>
        <translation>Verified</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="415"/>
        <source>&amp;Deaktiviert (erscheint nicht mehr in der Suche; wird nie gelöscht)</source>
        <translation>&amp;Deactivated (no longer shown in the search; never deleted)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="419"/>
        <source>Kontakt und Prüfung</source>
        <translation>Contact and verification</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="433"/>
        <source>Neues Angebot</source>
        <translation>New offer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="440"/>
        <source>Angebot bearbeiten</source>
        <translation>Edit offer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="464"/>
        <source>— bitte wählen —</source>
        <translation>— please choose —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="495"/>
        <source>Dieses Angebot ist auf diesem Gerät nicht (mehr) vorhanden.</source>
        <translation>This offer is not (or no longer) on this device.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="500"/>
        <source>Angebot – {name}</source>
        <translation>Offer – {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="533"/>
        <source>noch nie geprüft</source>
        <translation>never verified</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="536"/>
        <source>am {date} von {who}</source>
        <translation>on {date} by {who}</translation>
    </message>
</context>
<context>
    <name>OfferHitsModel</name>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="61"/>
        <source>Angebot</source>
        <translation>Offer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="61"/>
        <source>Träger</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="61"/>
        <source>Passung</source>
        <translation>Fit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="61"/>
        <source>Termin</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="69"/>
        <source>deaktiviert</source>
        <translation>deactivated</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/directory_view.py" line="81"/>
        <source>nur nach Termin</source>
        <translation>appointment only</translation>
    </message>
</context>
<context>
    <name>ParticipationDialog</name>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="148"/>
        <source>Teilnahme beenden</source>
        <translation>End participation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="148"/>
        <source>Teilnahme erfassen</source>
        <translation>Record participation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="151"/>
        <source>&amp;Projekt</source>
        <translation>&amp;Project</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="152"/>
        <source>&amp;Eintritt</source>
        <translation>&amp;Entry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="153"/>
        <source>&amp;Austritt</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="154"/>
        <source>Austritts&amp;grund</source>
        <translation>Exit &amp;reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="155"/>
        <source>&amp;Notiz</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="159"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="160"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="215"/>
        <source>Speichern fehlgeschlagen. Bitte erneut versuchen.</source>
        <translation>Saving failed. Please try again.</translation>
    </message>
</context>
<context>
    <name>PlaceRow</name>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="89"/>
        <source>Bezeichnung (optional)</source>
        <translation>Name (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="90"/>
        <source>Straße und Hausnummer</source>
        <translation>Street and number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="91"/>
        <source>PLZ</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="92"/>
        <source>Ort</source>
        <translation>Town</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="95"/>
        <source>Ort aus der Liste</source>
        <translation>Place from the list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="99"/>
        <source>oder Anschrift</source>
        <translation>or address</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="210"/>
        <source>Förderplan bearbeiten – {name}</source>
        <translation>Edit support plan – {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="212"/>
        <source>Förderplan anlegen – {name}</source>
        <translation>Create support plan – {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="217"/>
        <source>&amp;Beginn</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="218"/>
        <source>Nächste Ü&amp;berprüfung</source>
        <translation>Next &amp;review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="219"/>
        <source>&amp;Sprache des Ausdrucks</source>
        <translation>Printout &amp;language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="220"/>
        <source>S&amp;tand</source>
        <translation>S&amp;tatus</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="221"/>
        <source>&amp;Notiz</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="227"/>
        <source>Fallführendes Sachgebiet: {unit}</source>
        <translation>Case-managing unit: {unit}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="233"/>
        <source>aktiv</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="234"/>
        <source>abgeschlossen</source>
        <translation>closed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="236"/>
        <source>Ziele und vereinbarte Schritte</source>
        <translation>Goals and agreed steps</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="237"/>
        <source>&amp;Ziel hinzufügen</source>
        <translation>Add &amp;goal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="238"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="239"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="240"/>
        <source>Wird zur Wiedervorlage der Fallführung</source>
        <translation>Becomes a follow-up for the case manager</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="279"/>
        <source>Ziel {n} („{text}“): {message}</source>
        <translation>Goal {n} (“{text}”): {message}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="286"/>
        <source>Schritt {n} („{text}“): {message}</source>
        <translation>Step {n} (“{text}”): {message}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="361"/>
        <source>Der Förderplan wurde inzwischen an anderer Stelle geändert. Bitte schließen Sie den Dialog und öffnen Sie ihn erneut.</source>
        <translation>The support plan has been changed elsewhere in the meantime. Please close this window and open it again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_dialog.py" line="374"/>
        <source>Speichern fehlgeschlagen. Die Eingaben bleiben erhalten – bitte erneut versuchen.</source>
        <translation>Saving failed. Your entries are kept – please try again.</translation>
    </message>
</context>
<context>
    <name>PlanReviewDialog</name>
    <message>
        <location filename="../../desktop/ui/plan_review.py" line="104"/>
        <source>Förderplan überprüfen</source>
        <translation>Review support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_review.py" line="106"/>
        <source>Wie weit ist jedes Ziel? Die Überprüfung wird im Verlauf des Plans behalten.</source>
        <translation>How far along is each goal? The review is kept in the plan&apos;s history.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_review.py" line="108"/>
        <source>&amp;Notiz</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_review.py" line="109"/>
        <source>Nächste Ü&amp;berprüfung</source>
        <translation>Next &amp;review</translation>
    </message>
</context>
<context>
    <name>PlanSection</name>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="122"/>
        <source>Ziel / Schritt</source>
        <translation>Goal / step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="123"/>
        <source>Bereich / Wer</source>
        <translation>Area / who</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="124"/>
        <source>Fällig</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="125"/>
        <source>Stand</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="130"/>
        <source>Förderplan &amp;bearbeiten</source>
        <translation>&amp;Edit support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="130"/>
        <source>Förderplan &amp;anlegen</source>
        <translation>&amp;Create support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="132"/>
        <source>Ü&amp;berprüfung</source>
        <translation>&amp;Review</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="133"/>
        <source>&amp;Drucken</source>
        <translation>&amp;Print</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="135"/>
        <source>Den Förderplan auf Deutsch und in der Sprache der Person drucken</source>
        <translation>Print the support plan in German and in the person&apos;s language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="137"/>
        <source>&amp;Unterschrift erfassen</source>
        <translation>Record &amp;signature</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="182"/>
        <source>Für diese Person gibt es noch keinen Förderplan (oder er ist für Ihre Einheit nicht sichtbar).</source>
        <translation>There is no support plan for this person yet (or it is not visible to your unit).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="188"/>
        <source>Förderplan seit {date}</source>
        <translation>Support plan since {date}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="189"/>
        <source>Fallführung: {who} ({unit})</source>
        <translation>Case manager: {who} ({unit})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="194"/>
        <source>abgeschlossen</source>
        <translation>closed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="197"/>
        <source>nächste Überprüfung {date}</source>
        <translation>next review {date}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="201"/>
        <source>unterschrieben am {date} ({reference})</source>
        <translation>signed on {date} ({reference})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="206"/>
        <source>noch nicht unterschrieben</source>
        <translation>not signed yet</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="235"/>
        <source>Überprüfungen</source>
        <translation>Reviews</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="245"/>
        <source>{date} – {who}: {note}</source>
        <translation>{date} – {who}: {note}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_section.py" line="319"/>
        <source>Drucken fehlgeschlagen</source>
        <translation>Printing failed</translation>
    </message>
</context>
<context>
    <name>ProjectSection</name>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="252"/>
        <source>Projekt</source>
        <translation>Project</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="253"/>
        <source>Eintritt</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="254"/>
        <source>Austritt</source>
        <translation>Exit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="255"/>
        <source>Austrittsgrund</source>
        <translation>Exit reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="258"/>
        <source>Teilnahme &amp;erfassen</source>
        <translation>&amp;Record participation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="259"/>
        <source>Teilnahme &amp;beenden</source>
        <translation>&amp;End participation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="262"/>
        <source>Keine Teilnahme an einem geförderten Projekt (oder für Ihre Einheit nicht sichtbar).</source>
        <translation>No participation in a funded project (or not visible to your unit).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/project_section.py" line="306"/>
        <source>läuft</source>
        <translation>ongoing</translation>
    </message>
</context>
<context>
    <name>ProviderDialog</name>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="190"/>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="193"/>
        <source>&amp;Beschreibung</source>
        <translation>&amp;Description</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="196"/>
        <source>&amp;Anschrift</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="199"/>
        <source>&amp;Telefon</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="202"/>
        <source>&amp;E-Mail</source>
        <translation>&amp;Email</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="205"/>
        <source>&amp;Webseite</source>
        <translation>&amp;Website</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="209"/>
        <source>Sachgebiet (&amp;unter einem Dach)</source>
        <translation>&amp;Unit (under the one roof)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="217"/>
        <source>Neuer Träger</source>
        <translation>New provider</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="217"/>
        <source>Träger</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="231"/>
        <source>Dieser Träger ist auf diesem Gerät nicht (mehr) vorhanden.</source>
        <translation>This provider is not (or no longer) on this device.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="236"/>
        <source>Träger – {name}</source>
        <translation>Provider – {name}</translation>
    </message>
</context>
<context>
    <name>QueueDock</name>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="696"/>
        <source>Warteschlange</source>
        <translation>Queue</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="204"/>
        <source>Nächste:n aufrufen</source>
        <translation>Call next</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="205"/>
        <location filename="../../desktop/ui/queue_panel.py" line="362"/>
        <source>Aufrufen</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="206"/>
        <source>In Beratung</source>
        <translation>In service</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="207"/>
        <source>Weiterleiten …</source>
        <translation>Transfer …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="208"/>
        <source>Nicht erschienen</source>
        <translation>Did not come</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="209"/>
        <source>Kommt wieder</source>
        <translation>Comes back</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="210"/>
        <source>Erledigt …</source>
        <translation>Done …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="211"/>
        <source>Sprachmittlung …</source>
        <translation>Mediator …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="212"/>
        <source>Warteschlange</source>
        <translation>Queue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="215"/>
        <source>Die Person aufrufen, die als Nächste dran ist</source>
        <translation>Call the person whose turn it is</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="216"/>
        <source>Die ausgewählte Person aufrufen (oder erneut aufrufen)</source>
        <translation>Call the selected person (or call again)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="217"/>
        <source>Die Person ist da, die Beratung beginnt</source>
        <translation>The person is here, the consultation begins</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="218"/>
        <source>An eine andere Einheit weiterleiten – Platz bleibt erhalten</source>
        <translation>Transfer to another unit – the place in the queue is kept</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="219"/>
        <source>Aufgerufen, aber nicht gekommen (später erneut aufrufen)</source>
        <translation>Called but did not come (call again later)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="220"/>
        <source>Unterlagen fehlen: die Person kommt an einem anderen Tag</source>
        <translation>Papers missing: the person comes back another day</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="221"/>
        <source>Abschließen und die Beratung erfassen</source>
        <translation>Finish and record the consultation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="222"/>
        <source>Eine Sprachmittlung für diese Person anfragen</source>
        <translation>Request a language mediator for this person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="223"/>
        <source>Zur Liste der Warteschlange</source>
        <translation>To the queue list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="232"/>
        <source>&amp;Platz:</source>
        <translation>&amp;Desk:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="233"/>
        <source>Raum 1.02</source>
        <translation>Room 1.02</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="234"/>
        <source>Wohin die Person gerufen wird (Anzeige im Wartebereich)</source>
        <translation>Where the person is called to (shown in the waiting room)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="341"/>
        <source>{waiting} warten · {busy} aufgerufen/in Beratung · {done} erledigt</source>
        <translation>{waiting} waiting · {busy} called/in service · {done} done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="346"/>
        <source>Ohne Server: Aufrufen nicht möglich</source>
        <translation>No server: calling is not possible</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="349"/>
        <source>Online · {units}</source>
        <translation>Online · {units}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="351"/>
        <source>Offline: Aufrufen geht nur mit Verbindung zum Server</source>
        <translation>Offline: calling needs a connection to the server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="362"/>
        <source>Erneut aufrufen</source>
        <translation>Call again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="379"/>
        <source>ohne Akte</source>
        <translation>no file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="385"/>
        <source>{language} mit Sprachmittlung</source>
        <translation>{language} with interpreter</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="416"/>
        <source>Offline: Aufrufen geht nur mit Verbindung zum Server.</source>
        <translation>Offline: calling needs a connection to the server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="439"/>
        <source>Niemand wartet gerade in Ihrer Warteschlange.</source>
        <translation>Nobody is waiting in your queue right now.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="447"/>
        <source>{number} aufgerufen – {desk}</source>
        <translation>{number} called – {desk}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="449"/>
        <source>{number} aufgerufen</source>
        <translation>{number} called</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="462"/>
        <source>{number} wurde schon aufgerufen – von jemand anderem oder an einem anderen Platz. Die Liste wird aktualisiert.</source>
        <translation>{number} has already been called – by someone else or at another desk. The list is being updated.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="473"/>
        <source>Keine Verbindung zum Server: Aufrufen geht gerade nicht. Die anderen Schritte werden lokal gespeichert.</source>
        <translation>No connection to the server: calling is not possible right now. The other steps are saved locally.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="480"/>
        <source>Bitte neu anmelden: der Server kennt diese Anmeldung nicht.</source>
        <translation>Please log in again: the server does not know this login.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="482"/>
        <source>Diese Warteschlange gehört nicht zu Ihren Einheiten.</source>
        <translation>This queue does not belong to your units.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="484"/>
        <source>Aufrufen fehlgeschlagen: {error}</source>
        <translation>Calling failed: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="486"/>
        <source>Aufrufen fehlgeschlagen (Details im Protokoll).</source>
        <translation>Calling failed (details in the log).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="514"/>
        <source>{number} an {unit} weitergeleitet</source>
        <translation>{number} transferred to {unit}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="518"/>
        <source>{number}: {state}</source>
        <translation>{number}: {state}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="527"/>
        <source>{number} wurde inzwischen geändert (an einem anderen PC oder durch die Synchronisation). Nichts wurde gespeichert; die Liste zeigt den neuen Stand.</source>
        <translation>{number} was changed meanwhile (on another PC or by the synchronisation). Nothing was saved; the list shows the current state.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="533"/>
        <source>Speichern fehlgeschlagen: {error}</source>
        <translation>Saving failed: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="612"/>
        <source>Die Klientenakte ist auf diesem Gerät nicht vorhanden.</source>
        <translation>The client file is not on this device.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="646"/>
        <source>Ihre Rolle darf keine Sprachmittlung anfragen.</source>
        <translation>Your role may not request a language mediator.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_panel.py" line="661"/>
        <source>{number}: Sprachmittlung {status}</source>
        <translation>{number}: language mediator {status}</translation>
    </message>
</context>
<context>
    <name>QueueStatsDialog</name>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="40"/>
        <source>Heute</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="41"/>
        <source>Diese Woche</source>
        <translation>This week</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="42"/>
        <source>Dieser Monat</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="43"/>
        <source>Letzter Monat</source>
        <translation>Last month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="44"/>
        <source>Frei wählen</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="48"/>
        <source>Montag</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="49"/>
        <source>Dienstag</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="50"/>
        <source>Mittwoch</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="51"/>
        <source>Donnerstag</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="52"/>
        <source>Freitag</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="53"/>
        <source>Samstag</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="54"/>
        <source>Sonntag</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="209"/>
        <source>Wartestatistik</source>
        <translation>Waiting statistics</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="210"/>
        <source>&amp;Ort</source>
        <translation>&amp;Location</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="211"/>
        <source>&amp;Zeitraum</source>
        <translation>&amp;Period</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="212"/>
        <source>&amp;von</source>
        <translation>&amp;from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="213"/>
        <source>&amp;bis</source>
        <translation>&amp;to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="216"/>
        <source>&amp;Anzeigen</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="217"/>
        <source>Als &amp;CSV speichern …</source>
        <translation>Save as &amp;CSV …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="220"/>
        <source>Nach Bereich</source>
        <translation>By unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="221"/>
        <source>Uhrzeit und Wochentag</source>
        <translation>Hour and weekday</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="222"/>
        <source>Weiterleitungen</source>
        <translation>Transfers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="223"/>
        <source>Sprachen und Anliegen</source>
        <translation>Languages and concerns</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="227"/>
        <source>Wartezeit Median</source>
        <translation>Waiting median</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="227"/>
        <source>Wartezeit 90 %</source>
        <translation>Waiting 90 %</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="230"/>
        <source>Bereich</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="231"/>
        <location filename="../../desktop/ui/queue_stats_view.py" line="239"/>
        <location filename="../../desktop/ui/queue_stats_view.py" line="243"/>
        <location filename="../../desktop/ui/queue_stats_view.py" line="246"/>
        <source>Besuche</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="234"/>
        <source>Beratungszeit Median</source>
        <translation>Service median</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="235"/>
        <source>nicht erschienen</source>
        <translation>no-shows</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="237"/>
        <source>Ankunft</source>
        <translation>Arrival</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="237"/>
        <location filename="../../desktop/ui/queue_stats_view.py" line="238"/>
        <source>Aufgerufen</source>
        <translation>Called</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="238"/>
        <source>Wochentag</source>
        <translation>Weekday</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="239"/>
        <source>Weiterleitungen je Besuch</source>
        <translation>Transfers per visit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="240"/>
        <source>von</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="240"/>
        <source>nach</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="240"/>
        <source>Anzahl</source>
        <translation>Count</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="242"/>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="244"/>
        <source>mit Dolmetschbedarf</source>
        <translation>needing an interpreter</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="246"/>
        <source>Anliegen</source>
        <translation>Concern</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="251"/>
        <source>Ein weitergeleiteter Besuch zählt bei jedem Bereich, bei dem er war.</source>
        <translation>A transferred visit counts for every unit it was with.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="255"/>
        <source>Besuche, die aufgerufen oder weitergeleitet wurden</source>
        <translation>Visits that were called or transferred</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="258"/>
        <source>Sie arbeiten an keinem Ort in einer Warteschlange.</source>
        <translation>You work no walk-in queue at any location.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="280"/>
        <source>Das Ende des Zeitraums liegt vor seinem Anfang.</source>
        <translation>The end of the period lies before its start.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="283"/>
        <source>Wird geladen …</source>
        <translation>Loading …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="302"/>
        <source>{location}, {first} bis {last}</source>
        <translation>{location}, {first} to {last}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="313"/>
        <source>&lt;b&gt;{visits}&lt;/b&gt; Besuche · &lt;b&gt;{no_shows}&lt;/b&gt; nicht erschienen · Wartezeit Median &lt;b&gt;{median}&lt;/b&gt;, 90 % bis &lt;b&gt;{p90}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{visits}&lt;/b&gt; visits · &lt;b&gt;{no_shows}&lt;/b&gt; no-shows · waiting median &lt;b&gt;{median}&lt;/b&gt;, 90 % up to &lt;b&gt;{p90}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="326"/>
        <source>Alle Bereiche</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="351"/>
        <source>{start}–{end} Uhr</source>
        <translation>{start}–{end} h</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="371"/>
        <source>keine</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="417"/>
        <source>Keine Verbindung zum Server. Die Wartestatistik rechnet der Server aus den Aufrufen aller Plätze; sie ist nur mit Verbindung zu sehen.</source>
        <translation>No connection to the server. The server computes the waiting statistics from the calls of every desk; they can only be seen online.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="422"/>
        <source>Für {location} gibt der Server Ihnen keine Wartestatistik: keine Ihrer Einheiten arbeitet dort in der Warteschlange.</source>
        <translation>The server gives you no waiting statistics for {location}: none of your units works the queue there.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="427"/>
        <source>Dieses Gerät ist nicht am Server angemeldet; die Wartestatistik kommt vom Server.</source>
        <translation>This device is not registered with the server; the waiting statistics come from the server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="430"/>
        <source>Der Zeitraum ist zu lang: höchstens 366 Tage auf einmal.</source>
        <translation>The period is too long: at most 366 days at a time.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="444"/>
        <source>Wartestatistik speichern</source>
        <translation>Save waiting statistics</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="451"/>
        <source>Wird gespeichert …</source>
        <translation>Saving …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="466"/>
        <source>Gespeichert: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_stats_view.py" line="471"/>
        <source>Nicht gespeichert: {error}</source>
        <translation>Not saved: {error}</translation>
    </message>
</context>
<context>
    <name>ReceptionView</name>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="198"/>
        <source>Empfang</source>
        <translation>Reception</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="199"/>
        <source>1  Person suchen oder erfassen</source>
        <translation>1  Find or register the person</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="200"/>
        <source>2  Anliegen (Ziffer 1–0)</source>
        <translation>2  Concern (keys 1–0)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="201"/>
        <source>3  Wartemarke</source>
        <translation>3  Ticket</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="203"/>
        <source>Neue:r Klient:in</source>
        <translation>New client</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="204"/>
        <source>Neue Person erfassen (Strg+N)</source>
        <translation>Register a new person (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="205"/>
        <source>&amp;Ohne Namen</source>
        <translation>With&amp;out name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="207"/>
        <source>Wartemarke ohne Akte ausgeben; die Person kann später verknüpft werden.</source>
        <translation>Issue a ticket without a client file; the person can be linked later.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="210"/>
        <source>Sachgebiet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="211"/>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="212"/>
        <source>Sprachmittlung</source>
        <translation>Language mediation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="213"/>
        <source>Vorrang</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="216"/>
        <source>Standort</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="217"/>
        <source>Wartemarke ausgeben (Enter)</source>
        <translation>Issue ticket (Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="218"/>
        <source>Drucken (Strg+P)</source>
        <translation>Print (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="219"/>
        <source>Wartemarke</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="241"/>
        <source>wird geladen …</source>
        <translation>loading …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="270"/>
        <source>Akte nicht lesbar: {error}</source>
        <translation>Client file not readable: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="304"/>
        <source> (Sprachmittlung)</source>
        <translation> (interpreter)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="312"/>
        <source>&lt;b&gt;Ohne Namen&lt;/b&gt; – später mit einer Akte verknüpfbar</source>
        <translation>&lt;b&gt;Without name&lt;/b&gt; – can be linked to a client file later</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="315"/>
        <source>Noch niemand gewählt: links den Namen eingeben und Enter drücken.</source>
        <translation>Nobody chosen yet: type the name on the left and press Enter.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="346"/>
        <source>Anliegen wählen: die passende Stelle wird vorgeschlagen.</source>
        <translation>Choose the concern: the right unit is suggested.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="355"/>
        <source>Vorschlag: {why}</source>
        <translation>Suggested: {why}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="359"/>
        <source>Vorschlag wäre {unit} ({why}) – an diesem Standort nicht vertreten. Bitte eine andere Stelle wählen.</source>
        <translation>The suggestion would be {unit} ({why}) – not present at this location. Please choose another unit.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="367"/>
        <source>Wartebereich: {room}</source>
        <translation>Waiting area: {room}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="381"/>
        <source>Bitte zuerst das Anliegen wählen (Ziffer 1–0 oder Pfeiltasten).</source>
        <translation>Please choose the concern first (keys 1–0 or the arrow keys).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="385"/>
        <source>Bitte eine Person wählen oder „Ohne Namen“ (Alt+O).</source>
        <translation>Please choose a person or “Without name” (Alt+O).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_view.py" line="420"/>
        <source>für {name}</source>
        <translation>for {name}</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <location filename="../../desktop/ui/record_form.py" line="88"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_form.py" line="89"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_form.py" line="222"/>
        <source>Bitte die Eingaben prüfen.</source>
        <translation>Please check your entries.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/record_form.py" line="246"/>
        <source>Speichern fehlgeschlagen. Die Eingaben bleiben erhalten – bitte erneut versuchen.</source>
        <translation>Saving failed. Your entries are kept – please try again.</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="615"/>
        <source>Drucken fehlgeschlagen</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="312"/>
        <source>Verweisung – {name}</source>
        <translation>Referral – {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="313"/>
        <source>Bedarf</source>
        <translation>Need</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="315"/>
        <source>Angebot</source>
        <translation>Offer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="315"/>
        <source>Träger</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="315"/>
        <source>Passung</source>
        <translation>Fit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="317"/>
        <source>Verweisen an</source>
        <translation>Refer to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="318"/>
        <source>Verweisung</source>
        <translation>Referral</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="320"/>
        <source>T&amp;hema</source>
        <translation>T&amp;opic</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="321"/>
        <source>S&amp;prache</source>
        <translation>Lan&amp;guage</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="322"/>
        <source>&amp;Ort</source>
        <translation>&amp;Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="323"/>
        <source>Su&amp;chen</source>
        <translation>Sear&amp;ch</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="324"/>
        <source>Sach&amp;gebiet</source>
        <translation>&amp;Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="325"/>
        <source>&amp;Stelle</source>
        <translation>&amp;Body</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="326"/>
        <source>&amp;Anlass</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="327"/>
        <source>Kontakt</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="328"/>
        <source>&amp;Einwilligung</source>
        <translation>Co&amp;nsent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="331"/>
        <source>Angebot aus dem &amp;Verzeichnis</source>
        <translation>Offer from the &amp;directory</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="332"/>
        <source>Sachgebiet im &amp;Haus</source>
        <translation>Unit &amp;in house</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="333"/>
        <source>andere Stelle (&amp;frei)</source>
        <translation>other body (&amp;free text)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="334"/>
        <source>Name, Träger oder Stichwort</source>
        <translation>Name, provider or keyword</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="335"/>
        <source>Name der Stelle, z. B. Diakonie Zeitz</source>
        <translation>Name of the body, e.g. Diakonie Zeitz</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="336"/>
        <source>Wofür wird die Person verwiesen?</source>
        <translation>What is the person referred for?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="337"/>
        <source>Die Person meldet sich selbst (mit Verweisungszettel)</source>
        <translation>The person gets in touch themselves (with the referral slip)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="339"/>
        <source>Die MiA nimmt Kontakt auf und gibt Daten der Person weiter</source>
        <translation>The agency gets in touch and passes on the person&apos;s data</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="341"/>
        <source>&amp;Wiedervorlage am</source>
        <translation>&amp;Follow-up on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="343"/>
        <source>für {user}: Ergebnis der Verweisung prüfen</source>
        <translation>for {user}: check the outcome of the referral</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="347"/>
        <source>Verweisungszettel &amp;drucken</source>
        <translation>Print referral &amp;slip</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="349"/>
        <source>Den Verweisungszettel für die Person drucken (Deutsch und ihre Sprache)</source>
        <translation>Print the referral slip for the person (German and their language)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="351"/>
        <source>Übernehmen</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="351"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="352"/>
        <source>Strg+Eingabe</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="353"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="392"/>
        <source>passt</source>
        <translation>fits</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="470"/>
        <source>unbefristet</source>
        <translation>open-ended</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="472"/>
        <source>vom {given}, gültig bis {until} – {purpose}</source>
        <translation>of {given}, valid until {until} – {purpose}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="484"/>
        <source>Keine Einwilligung nötig: Es werden keine Daten außer Haus gegeben.</source>
        <translation>No consent needed: no data are passed outside the agency.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="488"/>
        <source>Die Einwilligung nennt „{recipient}“ und erlaubt die Weitergabe.</source>
        <translation>The consent names “{recipient}” and allows passing the data on.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="501"/>
        <source>Für die Weitergabe an „{recipient}“ fehlt eine Einwilligung der Person. Bitte zuerst die Einwilligung erfassen (Reiter „Einwilligungen“) oder „Die Person meldet sich selbst“ wählen.</source>
        <translation>Passing data on to “{recipient}” needs the person&apos;s consent, which is missing. Please record the consent first (tab “Consents”) or choose “The person gets in touch themselves”.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="513"/>
        <source>Verweisung an {target}: Ergebnis prüfen</source>
        <translation>Referral to {target}: check the outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="531"/>
        <source>Bitte ein Angebot aus der Liste wählen.</source>
        <translation>Please choose an offer from the list.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="533"/>
        <source>Bitte den Namen der Stelle angeben.</source>
        <translation>Please enter the name of the body.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="544"/>
        <source>Nicht gespeichert: Die Einwilligung fehlt (siehe oben).</source>
        <translation>Not saved: the consent is missing (see above).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_dialog.py" line="586"/>
        <source>Speichern fehlgeschlagen. Die Eingaben bleiben erhalten – bitte erneut versuchen.</source>
        <translation>Saving failed. Your input is kept – please try again.</translation>
    </message>
</context>
<context>
    <name>ReferralOutcomeDialog</name>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="147"/>
        <location filename="../../desktop/ui/referral_outcome.py" line="156"/>
        <source>Verweisung an {target}</source>
        <translation>Referral to {target}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="148"/>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="148"/>
        <source>&amp;Grund</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="148"/>
        <source>&amp;Rückmeldung</source>
        <translation>&amp;Feedback</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="152"/>
        <source>Die MiA nimmt Kontakt auf (mit Einwilligung)</source>
        <translation>The agency gets in touch (with consent)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="154"/>
        <source>Die Person meldet sich selbst</source>
        <translation>The person gets in touch themselves</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="158"/>
        <source>Anlass: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="159"/>
        <source>Am {date} von {who}</source>
        <translation>On {date} by {who}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="168"/>
        <source>Telefon: {phone}</source>
        <translation>Phone: {phone}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="170"/>
        <source>Was hat die Person oder die Stelle berichtet?</source>
        <translation>What did the person or the body report?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="171"/>
        <source>Meine Eingabe speichern</source>
        <translation>Save my input</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="172"/>
        <source>Neuen Stand übernehmen</source>
        <translation>Take the new state</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="173"/>
        <source>Verweisungszettel &amp;drucken</source>
        <translation>Print referral &amp;slip</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="176"/>
        <source>Den Verweisungszettel für die Person drucken (Deutsch und ihre Sprache)</source>
        <translation>Print the referral slip for the person (German and their language)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="363"/>
        <source>Drucken fehlgeschlagen</source>
        <translation>Printing failed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="178"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="179"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="283"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="284"/>
        <source>Grund</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="285"/>
        <source>Rückmeldung</source>
        <translation>Feedback</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="288"/>
        <source>Diese Verweisung wurde inzwischen an anderer Stelle geändert:</source>
        <translation>This referral was changed elsewhere meanwhile:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="290"/>
        <source>{field}: jetzt „{theirs}“, Ihre Eingabe „{mine}“</source>
        <translation>{field}: now “{theirs}”, your input “{mine}”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/referral_outcome.py" line="343"/>
        <source>Speichern fehlgeschlagen. Die Eingaben bleiben erhalten – bitte erneut versuchen.</source>
        <translation>Saving failed. Your input is kept – please try again.</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="47"/>
        <source>Dieser Monat</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="48"/>
        <source>Letzter Monat</source>
        <translation>Last month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="49"/>
        <source>Dieses Quartal</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="50"/>
        <source>Letztes Quartal</source>
        <translation>Last quarter</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="51"/>
        <source>Dieses Jahr</source>
        <translation>This year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="52"/>
        <source>Letztes Jahr</source>
        <translation>Last year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="53"/>
        <source>Frei wählen</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="56"/>
        <source>intern</source>
        <translation>internal</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="57"/>
        <source>zur Veröffentlichung</source>
        <translation>for publication</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="300"/>
        <source>&amp;Kennzahl</source>
        <translation>&amp;Indicator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="301"/>
        <source>&amp;Zeilen</source>
        <translation>&amp;Rows</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="302"/>
        <source>&amp;Spalten</source>
        <translation>Co&amp;lumns</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="303"/>
        <source>Sach&amp;gebiet</source>
        <translation>&amp;Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="304"/>
        <source>Zei&amp;traum</source>
        <translation>&amp;Period</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="305"/>
        <source>&amp;von</source>
        <translation>fr&amp;om</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="306"/>
        <source>&amp;bis</source>
        <translation>&amp;to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="307"/>
        <source>M&amp;odus</source>
        <translation>Mo&amp;de</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="315"/>
        <source>Aktualisie&amp;ren</source>
        <translation>R&amp;efresh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="316"/>
        <source>Als &amp;XLSX …</source>
        <translation>As &amp;XLSX …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="317"/>
        <source>Als &amp;CSV …</source>
        <translation>As &amp;CSV …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="318"/>
        <source>Als &amp;PDF …</source>
        <translation>A&amp;s PDF …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="319"/>
        <source>&amp;Monatsbericht …</source>
        <translation>&amp;Monthly report …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="320"/>
        <source>&amp;Förderliste …</source>
        <translation>Fu&amp;nder list …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="377"/>
        <source>Alle Sachgebiete</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="396"/>
        <source>— keine —</source>
        <translation>— none —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="461"/>
        <source>Das Ende des Zeitraums liegt vor seinem Anfang.</source>
        <translation>The end of the period lies before its start.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="464"/>
        <source>Wird geladen …</source>
        <translation>Loading …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="483"/>
        <source>Zahlen zur Veröffentlichung rechnet nur der Server. Offline zeigt dieses Gerät seine eigenen Zahlen, ungeschützt: nicht veröffentlichen.</source>
        <translation>Only the server computes figures for publication. Offline, this device shows its own figures, unprotected: do not publish them.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="501"/>
        <source>Quelle: Nur dieses Gerät (offline) – nicht die Zahlen des Landkreises</source>
        <translation>Source: this device only (offline) – not the county&apos;s figures</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="506"/>
        <source>Quelle: Server, Stand {when}</source>
        <translation>Source: server, as of {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="553"/>
        <source>Die Antwort des Servers ist unvollständig (andere Version?). Bitte die IT informieren.</source>
        <translation>The server&apos;s answer is incomplete (another version?). Please tell IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="557"/>
        <source>Nicht gespeichert: {error}</source>
        <translation>Not saved: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="560"/>
        <source>Keine Verbindung zum Server. Dateien und Monatsberichte gibt es nur mit Verbindung.</source>
        <translation>No connection to the server. Files and monthly reports are only available with a connection.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="570"/>
        <source>Diese Zahlen gibt der Server Ihnen nicht: Ihre Rolle sieht nur die Zahlen ihrer Sachgebiete.</source>
        <translation>The server does not give you these figures: your role only sees the figures of its units.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="576"/>
        <source>Der Server kann diese Auswahl nicht auswerten.</source>
        <translation>The server cannot evaluate this selection.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="589"/>
        <source>Bericht speichern</source>
        <translation>Save report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="593"/>
        <location filename="../../desktop/ui/reports_view.py" line="625"/>
        <source>Wird gespeichert …</source>
        <translation>Saving …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="619"/>
        <source>Monatsbericht speichern</source>
        <translation>Save monthly report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="639"/>
        <source>Gespeichert: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_view.py" line="667"/>
        <source>Die Akten hinter einer Zahl zeigt der Server, in der internen Darstellung.</source>
        <translation>The server shows the files behind a figure, in internal mode.</translation>
    </message>
</context>
<context>
    <name>ResidenceForm</name>
    <message>
        <location filename="../../desktop/ui/sections.py" line="65"/>
        <source>Aufenthaltsstatus erfassen</source>
        <translation>Record residence status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="76"/>
        <source>z. B. § 24 AufenthG</source>
        <translation>e.g. § 24 AufenthG</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="85"/>
        <source>befristet bis</source>
        <translation>limited until</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="90"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="92"/>
        <source>Rechtsgrundlage</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="95"/>
        <source>Gültig ab</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="98"/>
        <source>Gültig bis</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="101"/>
        <source>Ausstellende Behörde</source>
        <translation>Issuing authority</translation>
    </message>
</context>
<context>
    <name>ResidenceSection</name>
    <message>
        <location filename="../../desktop/ui/sections.py" line="539"/>
        <source>Aufenthaltsstatus laut Ausländerbehörde, der aktuelle zuerst. Abgelaufene Daten sind rot markiert.</source>
        <translation>Residence status as recorded by the immigration office, the current one first. Expired dates are marked in red.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="544"/>
        <source>Status erfassen</source>
        <translation>Record status</translation>
    </message>
</context>
<context>
    <name>RowTable</name>
    <message>
        <location filename="../../desktop/ui/client_fields.py" line="197"/>
        <source>Zeile entfernen</source>
        <translation>Remove row</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../desktop/ui/search_panel.py" line="57"/>
        <source>Name, Geburtsdatum oder Aktenzeichen eingeben – z. B. „schewtschenko olena 1985“</source>
        <translation>Enter name, date of birth or file number – e.g. “schewtschenko olena 1985”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_panel.py" line="60"/>
        <source>Neue:r Klient:in</source>
        <translation>New client</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_panel.py" line="61"/>
        <source>Neue Person erfassen (Strg+N)</source>
        <translation>Register a new person (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_panel.py" line="117"/>
        <source>Zuletzt beraten</source>
        <translation>Recently consulted</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/search_panel.py" line="120"/>
        <source>%n Treffer – Pfeiltasten wählen, Enter öffnet</source>
        <translation>
            <numerusform>%n match – arrow keys select, Enter opens</numerusform>
            <numerusform>%n matches – arrow keys select, Enter opens</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_panel.py" line="123"/>
        <source>Keine Treffer. Mit „Neue:r Klient:in“ erfassen.</source>
        <translation>No matches. Register with “New client”.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/search_panel.py" line="126"/>
        <source>Suche fehlgeschlagen: {error}</source>
        <translation>Search failed: {error}</translation>
    </message>
</context>
<context>
    <name>SessionDialog</name>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="216"/>
        <source>Gruppentermin bearbeiten</source>
        <translation>Edit group session</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="218"/>
        <source>Gruppentermin oder Reihe planen</source>
        <translation>Plan a group session or a series</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="220"/>
        <source>Termin</source>
        <translation>Session</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="222"/>
        <source>&amp;Titel</source>
        <translation>&amp;Title</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="223"/>
        <source>T&amp;hema</source>
        <translation>T&amp;opic</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="224"/>
        <source>&amp;Sachgebiet</source>
        <translation>&amp;Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="225"/>
        <source>&amp;Ort</source>
        <translation>&amp;Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="226"/>
        <source>&amp;Beginn</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="227"/>
        <source>&amp;Dauer (Min.)</source>
        <translation>&amp;Duration (min)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="228"/>
        <source>&amp;Anzahl Termine</source>
        <translation>Num&amp;ber of sessions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="229"/>
        <source>Abstand (&amp;Tage)</source>
        <translation>Inter&amp;val (days)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="230"/>
        <source>Sprach&amp;mittlung</source>
        <translation>Language &amp;mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="231"/>
        <source>&amp;Notiz</source>
        <translation>&amp;Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="232"/>
        <source>Sp&amp;rachen</source>
        <translation>&amp;Languages</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="235"/>
        <source>z. B. Wohnschulung</source>
        <translation>e.g. tenancy skills course</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="236"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="237"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/group_dialogs.py" line="264"/>
        <source>Termine: {dates}</source>
        <translation>Sessions: {dates}</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="199"/>
        <source>Von der IT für diesen Rechner festgelegt.</source>
        <translation>Set by IT for this computer.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="279"/>
        <source>Neues Passwort wird gespeichert …</source>
        <translation>Saving the new password …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="282"/>
        <source>Anmeldung beim Server und Registrierung dieses Geräts … das kann einige Sekunden dauern.</source>
        <translation>Logging in to the server and registering this device … this can take a few seconds.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="296"/>
        <source>Erste Anmeldung auf diesem Gerät</source>
        <translation>First login on this device</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="300"/>
        <source>Ihr Passwort ist ein Einmalpasswort von der IT. Bitte legen Sie jetzt ein eigenes neues Passwort fest: es gilt danach am Server und schützt die verschlüsselten Daten auf diesem Gerät, auch ohne Netz.</source>
        <translation>Your password is a one-time password from IT. Please set a new password of your own now: it will then apply on the server and protect the encrypted data on this device, offline too.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="308"/>
        <source>Melden Sie sich einmal mit Verbindung zum Server an. Ihr Passwort schützt danach die verschlüsselten Daten auf diesem Gerät und öffnet sie auch ohne Netz.</source>
        <translation>Log in once with a connection to the server. Your password then protects the encrypted data on this device and opens it without a network too.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="313"/>
        <source>Dieses Gerät arbeitet ohne Server. Bitte legen Sie ein Passwort fest; es schützt die verschlüsselten Daten auf diesem Gerät.</source>
        <translation>This device works without a server. Please set a password; it protects the encrypted data on this device.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="320"/>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="321"/>
        <source>&amp;Benutzername</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="322"/>
        <source>&amp;Passwort</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="323"/>
        <source>Passwort &amp;wiederholen</source>
        <translation>&amp;Repeat password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="324"/>
        <source>&amp;Neues Passwort</source>
        <translation>&amp;New password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="325"/>
        <source>Neues Passwort w&amp;iederholen</source>
        <translation>&amp;Repeat new password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="331"/>
        <source>Anmelden</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="331"/>
        <source>Passwort festlegen</source>
        <translation>Set password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="344"/>
        <source>Bitte alle Felder ausfüllen.</source>
        <translation>Please fill in all fields.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="349"/>
        <source>Das Passwort ist zu lang (höchstens 1000 Zeichen).</source>
        <translation>The password is too long (at most 1000 characters).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="353"/>
        <source>Das Passwort braucht mindestens 8 Zeichen.</source>
        <translation>The password needs at least 8 characters.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="356"/>
        <source>Die beiden Passwörter stimmen nicht überein.</source>
        <translation>The two passwords do not match.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="361"/>
        <source>Die Serveradresse beginnt mit http:// oder https://.</source>
        <translation>The server address starts with http:// or https://.</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <location filename="../../desktop/ui/plan_review.py" line="165"/>
        <source>Unterschriebenen Förderplan erfassen</source>
        <translation>Record the signed support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_review.py" line="166"/>
        <source>&amp;Unterschrieben am</source>
        <translation>&amp;Signed on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_review.py" line="167"/>
        <source>&amp;Aktenzeichen des Papiers</source>
        <translation>&amp;Reference of the paper copy</translation>
    </message>
</context>
<context>
    <name>StepRow</name>
    <message>
        <location filename="../../desktop/ui/plan_rows.py" line="95"/>
        <source>Schritt: was wird getan?</source>
        <translation>Step: what will be done?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_rows.py" line="96"/>
        <source>Benutzername</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_rows.py" line="97"/>
        <source>Fällig am</source>
        <translation>Due on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_rows.py" line="101"/>
        <source>Diesen Schritt führt das Sachgebiet {unit}; nur dessen Mitarbeitende ändern ihn.</source>
        <translation>This step is kept by the unit {unit}; only its staff change it.</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="104"/>
        <source>Zuletzt synchronisiert: {when}</source>
        <translation>Last synchronised: {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="118"/>
        <source>Neues Passwort …</source>
        <translation>New password …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="120"/>
        <source>Anmelden …</source>
        <translation>Log in …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="122"/>
        <source>Jetzt synchronisieren</source>
        <translation>Synchronise now</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="123"/>
        <source>Synchronisieren (F5)</source>
        <translation>Synchronise (F5)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/sync_status.py" line="125"/>
        <source>%n Konflikt(e) zu klären</source>
        <translation>
            <numerusform>%n conflict to settle</numerusform>
            <numerusform>%n conflicts to settle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/sync_status.py" line="127"/>
        <source>%n nicht übernommen</source>
        <translation>
            <numerusform>%n not accepted</numerusform>
            <numerusform>%n not accepted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/sync_status.py" line="130"/>
        <source>Der Server hat %n Eintrag/Einträge nicht übernommen. Klicken zeigt den ersten in seiner Akte, mit dem Grund.</source>
        <translation>
            <numerusform>The server did not accept %n entry. Click to show it in its client file, with the reason.</numerusform>
            <numerusform>The server did not accept %n entries. Click to show the first in its client file, with the reason.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="140"/>
        <source>Verbinde mit dem Server …</source>
        <translation>Connecting to the server …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="144"/>
        <source>Synchronisiere … {done} von {total} Datensätzen</source>
        <translation>Synchronising … {done} of {total} records</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="148"/>
        <source>Sende Änderungen … {done} von {total}</source>
        <translation>Sending changes … {done} of {total}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="151"/>
        <source>Synchronisiere …</source>
        <translation>Synchronising …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="154"/>
        <source>Synchronisiert · {time}</source>
        <translation>Synchronised · {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="157"/>
        <source>Synchronisiert</source>
        <translation>Synchronised</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/sync_status.py" line="159"/>
        <source>%n Änderung(en) warten auf Synchronisation</source>
        <translation>
            <numerusform>%n change waiting for synchronisation</numerusform>
            <numerusform>%n changes waiting for synchronisation</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="161"/>
        <source>Synchronisationsfehler: {reason}</source>
        <translation>Synchronisation error: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="163"/>
        <source>Nicht angemeldet: {reason}</source>
        <translation>Not logged in: {reason}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/sync_status.py" line="167"/>
        <source>Server nicht erreichbar · %n Änderung(en) warten</source>
        <translation>
            <numerusform>Server unreachable · %n change waiting</numerusform>
            <numerusform>Server unreachable · %n changes waiting</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="168"/>
        <source>Server nicht erreichbar · alles lokal gespeichert</source>
        <translation>Server unreachable · everything saved locally</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/sync_status.py" line="170"/>
        <source>Offline · %n Änderung(en) warten auf Synchronisation</source>
        <translation>
            <numerusform>Offline · %n change waiting for synchronisation</numerusform>
            <numerusform>Offline · %n changes waiting for synchronisation</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_status.py" line="171"/>
        <source>Offline · alles lokal gespeichert</source>
        <translation>Offline · everything saved locally</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <location filename="../../desktop/ui/sections.py" line="299"/>
        <source>Wiedervorlage</source>
        <translation>Follow-up</translation>
    </message>
</context>
<context>
    <name>TaskForm</name>
    <message>
        <location filename="../../desktop/ui/sections.py" line="235"/>
        <source>Wiedervorlage anlegen</source>
        <translation>Create follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="245"/>
        <source>z. B. Nachweis Mietvertrag anfordern</source>
        <translation>e.g. ask for a copy of the tenancy agreement</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="253"/>
        <source>Fällig am</source>
        <translation>Due on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="254"/>
        <source>Was ist zu tun?</source>
        <translation>What needs to be done?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="255"/>
        <source>Zuständig</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="256"/>
        <source>Sachgebiet</source>
        <translation>Unit</translation>
    </message>
</context>
<context>
    <name>TasksView</name>
    <message>
        <location filename="../../desktop/ui/tasks_view.py" line="102"/>
        <source>Meine Wiedervorlagen</source>
        <translation>My follow-ups</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks_view.py" line="86"/>
        <source>Meine</source>
        <translation>Mine</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks_view.py" line="87"/>
        <source>Meine und die meines Sachgebiets</source>
        <translation>Mine and my unit&apos;s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks_view.py" line="88"/>
        <source>Alle</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks_view.py" line="91"/>
        <source>Erledigte anzeigen</source>
        <translation>Show completed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks_view.py" line="98"/>
        <source>Wiedervorlagen – meine und die meines Sachgebiets</source>
        <translation>Follow-ups – mine and my unit&apos;s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks_view.py" line="100"/>
        <source>Alle Wiedervorlagen</source>
        <translation>All follow-ups</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks_view.py" line="121"/>
        <source>{open} offen · {overdue} überfällig</source>
        <translation>{open} open · {overdue} overdue</translation>
    </message>
</context>
<context>
    <name>TicketDesk</name>
    <message>
        <location filename="../../desktop/ui/reception_ticket.py" line="83"/>
        <source>Die Wartemarke wurde nicht ausgegeben: {error}</source>
        <translation>The ticket was not issued: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_ticket.py" line="89"/>
        <source>Dieses Gerät ist beim Server nicht angemeldet.</source>
        <translation>This device is not registered with the server.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_ticket.py" line="91"/>
        <source>Der Server hat die Anfrage abgelehnt ({error}).</source>
        <translation>The server refused the request ({error}).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_ticket.py" line="93"/>
        <source>Der Server ist nicht erreichbar (offline).</source>
        <translation>The server cannot be reached (offline).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_ticket.py" line="96"/>
        <source>Noch keine Wartemarke möglich. {reason} Dieses Gerät braucht einmal den Server, um seinen Nummernkreis zu erhalten; danach gibt es Wartemarken auch ohne Netz aus. Bitte die Verbindung prüfen und erneut ausgeben.</source>
        <translation>No ticket yet. {reason} This device needs the server once to get its number range; after that it issues tickets without a network too. Please check the connection and issue again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_ticket.py" line="140"/>
        <source>PDF wird erstellt …</source>
        <translation>Writing the PDF …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_ticket.py" line="149"/>
        <source>PDF nicht erstellt: {error}</source>
        <translation>PDF not written: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reception_ticket.py" line="154"/>
        <source>PDF geöffnet: {name}</source>
        <translation>PDF opened: {name}</translation>
    </message>
</context>
<context>
    <name>TimelineDelegate</name>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="103"/>
        <source>Wiedervorlage · erledigt</source>
        <translation>Follow-up · done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="105"/>
        <source>Wiedervorlage · überfällig</source>
        <translation>Follow-up · overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="112"/>
        <location filename="../../desktop/ui/timeline.py" line="152"/>
        <source>{time} Uhr · {minutes} Min.</source>
        <translation>{time} · {minutes} min</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="116"/>
        <source>fällig</source>
        <translation>due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="125"/>
        <source>zuständig: {who}</source>
        <translation>assigned to: {who}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="133"/>
        <source>{mark}: {reason}</source>
        <translation>{mark}: {reason}</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="309"/>
        <source>Noch keine Einträge. Mit „Beratung erfassen“ (Strg+B) dokumentieren Sie den ersten Kontakt.</source>
        <translation>No entries yet. Use “Record consultation” (Ctrl+B) to document the first contact.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="377"/>
        <source>Beratung anzeigen</source>
        <translation>Show consultation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="379"/>
        <source>Verweisung öffnen</source>
        <translation>Open referral</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="381"/>
        <source>Text kopieren</source>
        <translation>Copy text</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="382"/>
        <source>Ablehnung erledigt</source>
        <translation>Refusal dealt with</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="386"/>
        <source>Wieder öffnen</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/timeline.py" line="386"/>
        <source>Als erledigt markieren</source>
        <translation>Mark as done</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <location filename="../../desktop/ui/today_view.py" line="58"/>
        <source>Heute</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/today_view.py" line="60"/>
        <source>{date} · angemeldet als {user}</source>
        <translation>{date} · signed in as {user}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/today_view.py" line="64"/>
        <source>Fällige Wiedervorlagen</source>
        <translation>Follow-ups due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/today_view.py" line="65"/>
        <source>Heute ist nichts fällig.</source>
        <translation>Nothing is due today.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/today_view.py" line="66"/>
        <source>Zuletzt beraten</source>
        <translation>Recently consulted</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/today_view.py" line="104"/>
        <source>%n Beratungsentwurf/-entwürfe nicht gespeichert – beim Start wiederhergestellt.</source>
        <translation>
            <numerusform>%n unsaved consultation draft – restored at start-up.</numerusform>
            <numerusform>%n unsaved consultation drafts – restored at start-up.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="79"/>
        <source>Weiterleiten – {number}</source>
        <translation>Transfer – {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="82"/>
        <source>{number} wartet dann bei der gewählten Einheit – mit Nummer, Ankunftszeit und Vorrang wie bisher.</source>
        <translation>{number} then waits at the chosen unit – with the same number, arrival time and priority.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="86"/>
        <source>&amp;An Einheit</source>
        <translation>&amp;To unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="87"/>
        <source>&amp;Grund (kurz)</source>
        <translation>&amp;Reason (short)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="88"/>
        <source>z. B. Anliegen betrifft Leistungen</source>
        <translation>e.g. concern is about benefits</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="89"/>
        <source>Weiterleiten</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="105"/>
        <source>Achtung: Im Verzeichnis ist für {unit} niemand eingetragen. Die Person wartet trotzdem dort – bitte klären, wer sie aufruft.</source>
        <translation>Note: the directory lists nobody for {unit}. The person will wait there anyway – please make sure someone calls them.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="112"/>
        <source>Bitte eine Einheit wählen.</source>
        <translation>Please choose a unit.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_dialogs.py" line="115"/>
        <source>Bitte kurz sagen, warum die Person weitergeleitet wird.</source>
        <translation>Please say briefly why the person is transferred.</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="91"/>
        <source>MiA Desk entsperren</source>
        <translation>Unlock MiA Desk</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="93"/>
        <source>MiA Desk wurde wegen Inaktivität gesperrt. Bitte geben Sie Ihr Passwort ein.</source>
        <translation>MiA Desk was locked after inactivity. Please enter your password.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="96"/>
        <source>Die Daten auf diesem Gerät sind verschlüsselt. Bitte geben Sie Ihr Passwort ein (das Passwort Ihrer Anmeldung; es funktioniert auch ohne Netz).</source>
        <translation>The data on this device are encrypted. Please enter your password (the password of your login; it works without a network too).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="100"/>
        <source>Benutzer</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="101"/>
        <source>&amp;Passwort</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="102"/>
        <source>Entsperren</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="103"/>
        <source>Beenden</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="104"/>
        <source>Online neu anmelden</source>
        <translation>Log in again online</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="108"/>
        <source>Bitte das Passwort eingeben.</source>
        <translation>Please enter the password.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/unlock.py" line="133"/>
        <source>Das Passwort ist falsch. Noch %n Versuch(e) ohne Wartezeit.</source>
        <translation>
            <numerusform>The password is wrong. %n more attempt without waiting.</numerusform>
            <numerusform>The password is wrong. %n more attempts without waiting.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="140"/>
        <source>Der Schlüsselbund dieses Laptops enthält das Geheimnis zu Ihren verschlüsselten Daten nicht mehr. Ohne es lassen sich die Daten auf diesem Gerät nicht öffnen, auch nicht mit dem richtigen Passwort. Bitte melden Sie sich online neu an: die Akten kommen wieder vom Server (noch nicht Synchronisiertes nicht). Die alte Datei bleibt umbenannt erhalten.</source>
        <translation>This laptop&apos;s keyring no longer holds the secret of your encrypted data. Without it the data on this device cannot be opened, not even with the right password. Please log in again online: the files come back from the server (what was not yet synchronised does not). The old file is kept under another name.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="153"/>
        <source>Der Schlüsselbund dieses Rechners ist gesperrt oder nicht erreichbar; er hält einen Teil des Schlüssels Ihrer Daten. Bitte melden Sie sich am Rechner neu an und versuchen Sie es noch einmal.</source>
        <translation>This computer&apos;s keyring is locked or unavailable; it holds part of the key to your data. Please log in to the computer again and try once more.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/unlock.py" line="161"/>
        <source>Die Schlüsseldatei ist beschädigt oder fehlt ({path}). Bitte wenden Sie sich an die IT.</source>
        <translation>The key file is damaged or missing ({path}). Please contact IT.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/unlock.py" line="181"/>
        <source>Zu viele falsche Passwörter. Nächster Versuch in %n Sekunde(n).</source>
        <translation>
            <numerusform>Too many wrong passwords. Next attempt in %n second.</numerusform>
            <numerusform>Too many wrong passwords. Next attempt in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_PlanFormDialog</name>
    <message>
        <location filename="../../desktop/ui/plan_review.py" line="46"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_review.py" line="47"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/plan_review.py" line="67"/>
        <source>Speichern fehlgeschlagen. Bitte erneut versuchen.</source>
        <translation>Saving failed. Please try again.</translation>
    </message>
</context>
<context>
    <name>_RecordDialog</name>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="83"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="84"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="151"/>
        <source>Bitte die markierten Angaben prüfen.</source>
        <translation>Please check the marked entries.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/offer_dialog.py" line="167"/>
        <source>Speichern fehlgeschlagen. Die Eingaben bleiben erhalten – bitte erneut versuchen.</source>
        <translation>Saving failed. Your entries are kept – please try again.</translation>
    </message>
</context>
<context>
    <name>_Row</name>
    <message>
        <location filename="../../desktop/ui/offer_rows.py" line="42"/>
        <source>Entfernen</source>
        <translation>Remove</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../desktop/app.py" line="95"/>
        <source>Unerwarteter Fehler</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="96"/>
        <source>Ein unerwarteter Fehler ist aufgetreten: {error}

Ihre gespeicherten Daten sind nicht betroffen. Das Protokoll liegt unter:
{log}</source>
        <translation>An unexpected error occurred: {error}

Your saved data is not affected. The log is at:
{log}</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="267"/>
        <source>Aktualisierung fehlgeschlagen</source>
        <translation>Update failed</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="268"/>
        <source>Der lokale Speicher konnte nicht auf die neue Version umgestellt werden ({detail}).

Die Datei wurde aus der Sicherung wiederhergestellt, es ging nichts verloren:
{backup}

Bitte wenden Sie sich an die IT.</source>
        <translation>The local store could not be converted to the new version ({detail}).

The file has been restored from the backup, nothing was lost:
{backup}

Please contact IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="278"/>
        <source>Die Datei stammt von einer neueren Version von MiA Desk.</source>
        <translation>The file comes from a newer version of MiA Desk.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="282"/>
        <source>Die Datei lässt sich mit Ihrem Schlüssel nicht öffnen: Sie gehört zu einem anderen Gerät oder wurde verändert.</source>
        <translation>The file cannot be opened with your key: it belongs to another device or was altered.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="288"/>
        <source>Die Datei ist beschädigt oder kein MiA-Desk-Speicher.</source>
        <translation>The file is damaged or not a MiA Desk store.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="291"/>
        <source>{reason}

Datei: {path}

Einen neuen, leeren Speicher anlegen? Die alte Datei bleibt unverändert erhalten und wird umbenannt.</source>
        <translation>{reason}

File: {path}

Create a new, empty store? The old file is kept unchanged and renamed.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="298"/>
        <source>Lokaler Speicher nicht lesbar</source>
        <translation>Local store cannot be read</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="351"/>
        <source>Konfiguration fehlerhaft</source>
        <translation>Configuration error</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="430"/>
        <source>Demo: das Passwort ist „{p}“.</source>
        <translation>Demo: the password is “{p}”.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="507"/>
        <source>Lokaler Speicher beschädigt</source>
        <translation>Local store damaged</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="508"/>
        <source>Teile des lokalen Speichers sind beschädigt oder wurden verändert ({path}). Bitte synchronisieren Sie und wenden Sie sich an die IT.</source>
        <translation>Parts of the local store are damaged or were altered ({path}). Please synchronise and contact IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="534"/>
        <source>Gerät gesperrt</source>
        <translation>Device blocked</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="535"/>
        <source>Dieses Gerät wurde vom Server gesperrt. Die Daten auf diesem Gerät wurden gelöscht. Bitte wenden Sie sich an die IT.</source>
        <translation>This device was blocked by the server. The data on this device were deleted. Please contact IT.</translation>
    </message>
</context>
<context>
    <name>format</name>
    <message>
        <location filename="../../desktop/ui/formatting.py" line="24"/>
        <source>unbekannt</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/formatting.py" line="26"/>
        <source>{year} (nur Jahr)</source>
        <translation>{year} (year only)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/formatting.py" line="50"/>
        <source>{date}, etwa {years} Jahre</source>
        <translation>{date}, about {years} years</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/formatting.py" line="53"/>
        <source>{date} ({years} Jahre)</source>
        <translation>{date} ({years} years)</translation>
    </message>
</context>
<context>
    <name>matcher</name>
    <message>
        <location filename="../../casefile/matcher.py" line="51"/>
        <source>gleiche AZR-Nummer</source>
        <translation>same AZR number</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="52"/>
        <source>verschiedene AZR-Nummern</source>
        <translation>different AZR numbers</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="53"/>
        <source>gleiches ABH-Aktenzeichen</source>
        <translation>same immigration office file number</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="54"/>
        <source>verschiedene ABH-Aktenzeichen</source>
        <translation>different immigration office file numbers</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="55"/>
        <source>gleicher Name</source>
        <translation>same name</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="56"/>
        <source>sehr ähnlicher Name (andere Schreibweise)</source>
        <translation>very similar name (other spelling)</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="57"/>
        <source>ähnlicher Name</source>
        <translation>similar name</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="58"/>
        <source>verschiedene Namen</source>
        <translation>different names</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="59"/>
        <source>verschiedene Vornamen</source>
        <translation>different given names</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="60"/>
        <source>verschiedene Familiennamen</source>
        <translation>different family names</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="61"/>
        <source>gleiches Geburtsdatum</source>
        <translation>same date of birth</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="62"/>
        <source>gleiches Geburtsdatum, aber ein Platzhalterdatum (01.01.)</source>
        <translation>same date of birth, but a placeholder date (01.01.)</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="65"/>
        <source>Tag und Monat des Geburtsdatums vertauscht</source>
        <translation>day and month of the date of birth swapped</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="68"/>
        <source>Geburtsdatum weicht in einer Ziffer ab</source>
        <translation>date of birth differs in one digit</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="69"/>
        <source>Name mit Tippfehlern (wenige Buchstaben anders)</source>
        <translation>Name with typing errors (a few letters differ)</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="70"/>
        <source>zwei Ziffern des Geburtsdatums vertauscht</source>
        <translation>two digits of the birth date swapped</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="73"/>
        <source>verschiedene Telefonnummern</source>
        <translation>different phone numbers</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="74"/>
        <source>gleiches Geburtsjahr</source>
        <translation>same year of birth</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="75"/>
        <source>verschiedene Geburtsdaten</source>
        <translation>different dates of birth</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="76"/>
        <source>gleiches Geschlecht</source>
        <translation>same sex</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="77"/>
        <source>verschiedenes Geschlecht</source>
        <translation>different sex</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="78"/>
        <source>gleiche Staatsangehörigkeit</source>
        <translation>same nationality</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="79"/>
        <source>verschiedene Staatsangehörigkeiten</source>
        <translation>different nationalities</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="80"/>
        <source>gleicher Geburtsort</source>
        <translation>same place of birth</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="81"/>
        <source>gleicher Geburtsort, aber anders geschrieben</source>
        <translation>same place of birth, spelled differently</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="84"/>
        <source>verschiedene Geburtsorte</source>
        <translation>different places of birth</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="85"/>
        <source>gleiche Telefonnummer</source>
        <translation>same phone number</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="88"/>
        <source>Staatsangehörigkeit nur in einem der Einträge</source>
        <translation>nationality in one of the records only</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="91"/>
        <source>Telefonnummer nur in einem der Einträge</source>
        <translation>phone number in one of the records only</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="92"/>
        <source>Geburtsort nur in einem der Einträge</source>
        <translation>place of birth in one of the records only</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="93"/>
        <source>Geburtsdatum nur in einem der Einträge</source>
        <translation>date of birth in one of the records only</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="94"/>
        <source>häufiger Name und ein Geburtsdatum fehlt (Namensvettern möglich)</source>
        <translation>common name and a birth date missing (namesakes possible)</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="97"/>
        <source>beide sehr wahrscheinlich dieselbe Person wie ein dritter Eintrag</source>
        <translation>both very likely the same person as a third record</translation>
    </message>
    <message>
        <location filename="../../casefile/matcher.py" line="100"/>
        <source>häufiger Name und nur das Geburtsjahr bekannt (Namensvettern möglich)</source>
        <translation>common name and only the birth year known (namesakes possible)</translation>
    </message>
</context>
<context>
    <name>models</name>
    <message>
        <location filename="../../desktop/ui/household.py" line="50"/>
        <location filename="../../desktop/ui/models.py" line="96"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household.py" line="51"/>
        <location filename="../../desktop/ui/models.py" line="97"/>
        <source>Geburtsdatum</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/household.py" line="52"/>
        <source>Beziehung</source>
        <translation>Relation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="98"/>
        <source>Staatsangehörigkeit</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="99"/>
        <source>Letzter Kontakt</source>
        <translation>Last contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="157"/>
        <source>geboren: {date}</source>
        <translation>born: {date}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="160"/>
        <source>Staatsangehörigkeit: {nationality}</source>
        <translation>Nationality: {nationality}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="169"/>
        <source>gefunden über: {entry}</source>
        <translation>found via: {entry}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="180"/>
        <source>Fällig</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="181"/>
        <source>Klient:in</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="182"/>
        <location filename="../../desktop/ui/models.py" line="279"/>
        <source>Wiedervorlage</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="183"/>
        <source>Zuständig</source>
        <translation>Assigned to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="213"/>
        <source>überfällig seit {days} Tagen</source>
        <translation>overdue for {days} days</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="235"/>
        <source>Förderplan: Überprüfung fällig</source>
        <translation>Support plan: review due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="236"/>
        <source>Förderplan: {text}</source>
        <translation>Support plan: {text}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="243"/>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="244"/>
        <source>Art</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="245"/>
        <source>Inhalt</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="277"/>
        <source>Beratung</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="278"/>
        <source>Verweisung</source>
        <translation>Referral</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="288"/>
        <source>Gruppenberatung: {title} ({series})</source>
        <translation>Group counseling: {title} ({series})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="291"/>
        <source>Gruppenberatung: {title}</source>
        <translation>Group counseling: {title}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="296"/>
        <source>an {target}: {reason} ({status})</source>
        <translation>to {target}: {reason} ({status})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="300"/>
        <source>erledigt: {text}</source>
        <translation>done: {text}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="302"/>
        <source>offen: {text}</source>
        <translation>open: {text}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="316"/>
        <source>mit Sprachmittlung ({language})</source>
        <translation>with language mediation ({language})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="322"/>
        <location filename="../../desktop/ui/sections.py" line="362"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="323"/>
        <source>Rechtsgrundlage</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="324"/>
        <source>Gültig ab</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="325"/>
        <location filename="../../desktop/ui/sections.py" line="367"/>
        <source>Gültig bis</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="326"/>
        <source>Ausstellende Behörde</source>
        <translation>Issuing authority</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="363"/>
        <source>Empfänger</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="364"/>
        <source>Daten</source>
        <translation>Data</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="366"/>
        <source>Erteilt</source>
        <translation>Given</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="368"/>
        <source>Widerruf</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="365"/>
        <source>Zweck</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="371"/>
        <source>gültig</source>
        <translation>valid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="372"/>
        <source>abgelaufen</source>
        <translation>expired</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="373"/>
        <source>widerrufen</source>
        <translation>withdrawn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sections.py" line="374"/>
        <source>noch nicht gültig</source>
        <translation>not yet valid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="133"/>
        <source>Nr.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="134"/>
        <source>Wartet</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="135"/>
        <source>Anliegen</source>
        <translation>Concern</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="136"/>
        <source>Hinweise</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>passwords</name>
    <message>
        <location filename="../../desktop/ui/password.py" line="37"/>
        <source>Bitte ein Passwort eingeben.</source>
        <translation>Please enter a password.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="38"/>
        <source>Das Passwort ist zu lang (höchstens 1000 Zeichen).</source>
        <translation>The password is too long (at most 1000 characters).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="39"/>
        <source>Das Passwort enthält unzulässige Steuerzeichen.</source>
        <translation>The password contains control characters that are not allowed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="40"/>
        <source>Das Passwort muss mindestens {min_length} Zeichen lang sein.</source>
        <translation>The password must be at least {min_length} characters long.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="41"/>
        <source>Bitte eine Passphrase aus mindestens {min_words} Wörtern wählen.</source>
        <translation>Please choose a passphrase of at least {min_words} words.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="44"/>
        <source>Das Passwort darf den Benutzernamen nicht enthalten.</source>
        <translation>The password must not contain the user name.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="45"/>
        <source>Dieses Passwort ist zu verbreitet und leicht zu erraten.</source>
        <translation>This password is too common and easy to guess.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/password.py" line="46"/>
        <source>Dieses Passwort ist leicht zu erraten (z. B. Tastaturfolge, Datum oder Wiederholung). Bitte ein längeres oder eine Passphrase wählen.</source>
        <translation>This password is easy to guess (e.g. a keyboard pattern, a date or a repetition). Please choose a longer one or a passphrase.</translation>
    </message>
</context>
<context>
    <name>permissions</name>
    <message>
        <location filename="../../desktop/permissions.py" line="38"/>
        <source>Dieser Bereich der Akte gehört der Einheit {unit}. Nur deren Mitarbeitende erfassen und ändern ihn.</source>
        <translation>This part of the file belongs to the unit {unit}. Only its staff record and change it.</translation>
    </message>
    <message>
        <location filename="../../desktop/permissions.py" line="43"/>
        <source>Stammdaten, Einwilligungen, Verweise und Wiedervorlagen erfassen nur Rollen mit Stammdatenrechten; Ihre Rolle hat sie nicht.</source>
        <translation>Master data, consents, referrals and follow-ups are recorded only by roles with master-data rights; your role has none.</translation>
    </message>
    <message>
        <location filename="../../desktop/permissions.py" line="48"/>
        <source>Eine Person wird nur über einen Löschauftrag gelöscht; das darf nur die Administration (Art. 17 DSGVO).</source>
        <translation>A person is deleted only through an erasure request, which only the administration may make (Art. 17 GDPR).</translation>
    </message>
    <message>
        <location filename="../../desktop/permissions.py" line="53"/>
        <source>Eine Einwilligung für „{category}“ erfasst die Einheit, die diese Daten führt ({units}); niemand öffnet sich selbst Daten einer anderen Einheit.</source>
        <translation>A consent for “{category}” is recorded by the unit that keeps these data ({units}); nobody opens another unit&apos;s data to themselves.</translation>
    </message>
    <message>
        <location filename="../../desktop/permissions.py" line="58"/>
        <source>Bitte die Nummer des unterschriebenen Einwilligungsformulars angeben.</source>
        <translation>Please enter the number of the signed consent form.</translation>
    </message>
    <message>
        <location filename="../../desktop/permissions.py" line="61"/>
        <source>Daten der Art „{category}“ erfassen nur Mitarbeitende eines Fachbereichs; Ihre Rolle hat keinen Zugriff auf die Bereiche der Fachbereiche.</source>
        <translation>Data of the kind “{category}” are recorded only by staff of a specialist unit; your role has no access to the units&apos; sections.</translation>
    </message>
    <message>
        <location filename="../../desktop/permissions.py" line="66"/>
        <source>Ihre Rolle darf diesen Datensatz nicht erfassen oder ändern.</source>
        <translation>Your role may not record or change this record.</translation>
    </message>
    <message>
        <location filename="../../desktop/permissions.py" line="69"/>
        <source>Das Angebotsverzeichnis pflegen Mitarbeitende von {units}; alle anderen lesen es.</source>
        <translation>The directory of offers is kept by staff of {units}; everyone else reads it.</translation>
    </message>
    <message>
        <location filename="../../desktop/permissions.py" line="74"/>
        <source>für Ihre Einheit nicht sichtbar (Daten der Einheit {unit})</source>
        <translation>not visible to your unit (data of the unit {unit})</translation>
    </message>
</context>
<context>
    <name>queue</name>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="32"/>
        <source>grün</source>
        <translation>green</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="33"/>
        <source>gelb – wartet lange</source>
        <translation>yellow – waiting long</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="34"/>
        <source>rot – wartet zu lange</source>
        <translation>red – waiting too long</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="38"/>
        <source>Termin</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="39"/>
        <source>Frist</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="40"/>
        <source>Mobilität</source>
        <translation>Mobility</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="41"/>
        <source>Kinder</source>
        <translation>Children</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="196"/>
        <location filename="../../desktop/ui/queue_stats_view.py" line="65"/>
        <source>{n} Min.</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="205"/>
        <source>{language} · SM</source>
        <translation>{language} · interp.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="220"/>
        <source>ich</source>
        <translation>me</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="230"/>
        <source>seit {n} Minuten im Haus</source>
        <translation>in the building for {n} minutes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="232"/>
        <source>wartet seit {n} Minuten – Ampel {light}</source>
        <translation>waiting for {n} minutes – light {light}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="247"/>
        <source>Sprachmittlung nötig: {language}</source>
        <translation>Interpreter needed: {language}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="259"/>
        <source>an {unit}: {reason}</source>
        <translation>to {unit}: {reason}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/queue_model.py" line="256"/>
        <source>%n-mal weitergeleitet</source>
        <translation>
            <numerusform>transferred %n time</numerusform>
            <numerusform>transferred %n times</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/queue_model.py" line="266"/>
        <source>ohne Akte (anonym)</source>
        <translation>no file (anonymous)</translation>
    </message>
</context>
<context>
    <name>referrals</name>
    <message>
        <location filename="../../casefile/referrals.py" line="45"/>
        <source>Für die Weitergabe an „{recipient}“ fehlt eine Einwilligung der Person.</source>
        <translation>Passing data on to “{recipient}” needs the person&apos;s consent, which is missing.</translation>
    </message>
    <message>
        <location filename="../../casefile/referrals.py" line="48"/>
        <source>Das Angebot ist im Angebotsverzeichnis nicht bekannt.</source>
        <translation>The offer is not in the directory of offers.</translation>
    </message>
</context>
<context>
    <name>refusals</name>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="22"/>
        <source>Vom Server nicht übernommen</source>
        <translation>Not accepted by the server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="38"/>
        <source>Stammdaten</source>
        <translation>Master data</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="39"/>
        <source>Namensvariante</source>
        <translation>Name variant</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="40"/>
        <source>Aktenzeichen</source>
        <translation>File number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="41"/>
        <source>Aufenthaltsstatus</source>
        <translation>Residence status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="42"/>
        <source>Haushalt</source>
        <translation>Household</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="43"/>
        <source>Beratung</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="44"/>
        <source>Verweisung</source>
        <translation>Referral</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="45"/>
        <source>Wiedervorlage</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="46"/>
        <source>Einwilligung</source>
        <translation>Consent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="48"/>
        <source>Förderplan</source>
        <translation>Support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="49"/>
        <source>Ziel im Förderplan</source>
        <translation>Goal in the support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="50"/>
        <source>Schritt im Förderplan</source>
        <translation>Step in the support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="51"/>
        <source>Überprüfung des Förderplans</source>
        <translation>Review of the support plan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="53"/>
        <source>Projektteilnahme</source>
        <translation>Project participation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="57"/>
        <source>Familienname</source>
        <translation>Family name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="58"/>
        <source>Vornamen</source>
        <translation>Given names</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="59"/>
        <source>Geburtsname</source>
        <translation>Birth name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="60"/>
        <source>Geburtsdatum</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="61"/>
        <source>Geburtsort</source>
        <translation>Place of birth</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="62"/>
        <source>Geschlecht</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="63"/>
        <source>Staatsangehörigkeiten</source>
        <translation>Nationalities</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="64"/>
        <source>Telefon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="65"/>
        <source>Anschrift</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="66"/>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="67"/>
        <source>Dauer</source>
        <translation>Duration</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="68"/>
        <source>Sachgebiet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="69"/>
        <source>Berater:in</source>
        <translation>Caseworker</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="70"/>
        <source>Ort</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="71"/>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="72"/>
        <source>Themen</source>
        <translation>Topics</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="73"/>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="74"/>
        <source>Sprachmittlung</source>
        <translation>Language mediation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="75"/>
        <source>Sprachmittler:in</source>
        <translation>Language mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="76"/>
        <source>Ergebnis</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="77"/>
        <source>Nächster Schritt</source>
        <translation>Next step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="78"/>
        <source>Notiz</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="79"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="80"/>
        <source>Paragraph</source>
        <translation>Paragraph</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="81"/>
        <source>Gültig ab</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="82"/>
        <source>Gültig bis</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="83"/>
        <source>Ausstellende Behörde</source>
        <translation>Issuing office</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="84"/>
        <source>Beziehung</source>
        <translation>Relation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="85"/>
        <source>Verwiesen an</source>
        <translation>Referred to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="86"/>
        <source>Anlass</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="87"/>
        <source>Verwiesen am</source>
        <translation>Referred on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="88"/>
        <source>Rückmeldung</source>
        <translation>Feedback</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="89"/>
        <source>Fällig am</source>
        <translation>Due on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="90"/>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="91"/>
        <source>Zuständig</source>
        <translation>Assignee</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="92"/>
        <source>Zuständiges Sachgebiet</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="93"/>
        <source>Erledigt</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="94"/>
        <source>Empfangende Stellen</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="95"/>
        <source>Datenkategorien</source>
        <translation>Data categories</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="96"/>
        <source>Zweck</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="97"/>
        <source>Erteilt am</source>
        <translation>Given on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="98"/>
        <source>Widerrufen am</source>
        <translation>Withdrawn on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="99"/>
        <source>Formular</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="151"/>
        <source>Eintrag</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="170"/>
        <source>Der Server hat die Änderung nicht übernommen.</source>
        <translation>The server did not accept the change.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="189"/>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="191"/>
        <source>Nein</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="194"/>
        <source>{when} Uhr</source>
        <translation>{when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="198"/>
        <source>{n} Minuten</source>
        <translation>{n} minutes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/refusals.py" line="233"/>
        <source>{what} für {name}</source>
        <translation>{what} for {name}</translation>
    </message>
</context>
<context>
    <name>reports</name>
    <message>
        <location filename="../../desktop/store/reports.py" line="35"/>
        <source>Beratungskontakte</source>
        <translation>Consultations</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="36"/>
        <source>Beratene Personen</source>
        <translation>People counselled</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="39"/>
        <source>Sachgebiet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="40"/>
        <source>Ort</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="41"/>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="42"/>
        <source>Thema</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="43"/>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="44"/>
        <source>Sprachmittlung</source>
        <translation>Language mediation</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="45"/>
        <source>Monat</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="46"/>
        <source>Quartal</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="47"/>
        <source>Jahr</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="50"/>
        <source>Landratsamt</source>
        <translation>County office</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="51"/>
        <source>dezentrale Sprechstunde</source>
        <translation>decentral consulting hours</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="52"/>
        <source>aufsuchend</source>
        <translation>outreach</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="53"/>
        <source>Telefon/Video</source>
        <translation>phone/video</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="54"/>
        <source>sonstige</source>
        <translation>other</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="57"/>
        <source>mit Sprachmittlung</source>
        <translation>with language mediation</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="58"/>
        <source>ohne Sprachmittlung</source>
        <translation>without language mediation</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="60"/>
        <source>ohne Thema</source>
        <translation>no topic</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="61"/>
        <source>Nur dieses Gerät (offline): die Zahlen dieses Laptops, nicht die des Landkreises.</source>
        <translation>This device only (offline): this laptop&apos;s figures, not the county&apos;s.</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="65"/>
        <source>Eine Beratung mit mehreren Themen zählt bei jedem ihrer Themen: die Themen ergeben zusammen mehr als die Gesamtzahl.</source>
        <translation>A consultation with several topics counts under each of its topics: together the topics add up to more than the total.</translation>
    </message>
    <message>
        <location filename="../../desktop/store/reports.py" line="70"/>
        <source>Jede Person zählt in jeder Zeile, jeder Spalte und insgesamt einmal: die Summen sind keine Summen der Zellen.</source>
        <translation>Each person counts once in every row, once in every column and once in the total: the totals are not sums of the cells.</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <location filename="../../desktop/sync/errors.py" line="21"/>
        <source>Die Synchronisation ist fehlgeschlagen.</source>
        <translation>Synchronisation failed.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="34"/>
        <source>Der Server ist nicht erreichbar.</source>
        <translation>The server cannot be reached.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="52"/>
        <source>Die Serveradresse ist ungültig. Bitte prüfen Sie sie (Form: https://server.landkreis.de).</source>
        <translation>The server address is not valid. Please check it (form: https://server.county.example).</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="61"/>
        <source>Anmeldung erforderlich: das Gerät ist beim Server nicht (mehr) angemeldet.</source>
        <translation>Login required: this device is not (or no longer) registered with the server.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="70"/>
        <source>Die Anmeldung dieses Geräts ist abgelaufen (lange nicht benutzt). Bitte erneut mit Ihrem Passwort anmelden.</source>
        <translation>This device&apos;s login has expired (not used for a long time). Please log in again with your password.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="81"/>
        <source>Ihr Benutzerkonto ist gesperrt. Bitte wenden Sie sich an die IT oder Ihre Leitung.</source>
        <translation>Your user account is locked. Please contact IT or your manager.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="90"/>
        <source>Bitte zuerst ein neues Passwort festlegen: das bisherige war ein Einmalpasswort.</source>
        <translation>Please set a new password first: the current one was a one-time password.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="98"/>
        <source>Dieses Gerät wurde gesperrt. Bitte wenden Sie sich an die IT.</source>
        <translation>This device has been blocked. Please contact IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="106"/>
        <source>Diese Version von MiA Desk passt nicht zum Server. Bitte MiA Desk aktualisieren.</source>
        <translation>This version of MiA Desk does not match the server. Please update MiA Desk.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="114"/>
        <source>Der Server hat die Anfrage nicht bearbeitet. Bitte später erneut versuchen.</source>
        <translation>The server did not process the request. Please try again later.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="123"/>
        <source>Ihre Zugriffsrechte haben sich geändert. Die Daten werden neu abgeglichen.</source>
        <translation>Your access rights have changed. The data are being synchronised again.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="136"/>
        <source>Der Server wurde aus einer Sicherung wiederhergestellt. Die Daten werden neu abgeglichen.</source>
        <translation>The server was restored from a backup. The data is being compared again.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="149"/>
        <source>Die Synchronisation wurde abgebrochen.</source>
        <translation>Synchronisation was cancelled.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="156"/>
        <source>Das neue Passwort erfüllt die Regeln des Servers nicht.</source>
        <translation>The new password does not meet the server&apos;s rules.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="167"/>
        <source>Zu viele Anmeldeversuche. Bitte später erneut versuchen.</source>
        <translation>Too many login attempts. Please try again later.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="179"/>
        <source>Das Passwort wurde am Server geändert, auf diesem Gerät aber nicht gespeichert: zum Entsperren gilt hier weiter das bisherige Passwort. Bitte die Änderung noch einmal ausführen.</source>
        <translation>The password was changed on the server but not saved on this device: the previous password still unlocks it here. Please run the change once more.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/worker.py" line="321"/>
        <source>Unerwarteter Fehler bei der Synchronisation (Details im Protokoll).</source>
        <translation>Unexpected error during synchronisation (details in the log).</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="490"/>
        <source>Unbekannte Datensatzart.</source>
        <translation>Unknown record type.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="491"/>
        <source>Unbekannte Operation.</source>
        <translation>Unknown operation.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="492"/>
        <source>Unbekannte Felder.</source>
        <translation>Unknown fields.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="493"/>
        <source>Ungültiger Feldwert.</source>
        <translation>Invalid field value.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="494"/>
        <source>Ungültige Zeitangabe (HLC).</source>
        <translation>Invalid timestamp (HLC).</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="495"/>
        <source>Ungültige Kennung.</source>
        <translation>Invalid identifier.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="496"/>
        <source>Die Kennung im Datensatz passt nicht zur Operation.</source>
        <translation>The identifier in the record does not match the operation.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="497"/>
        <source>Diese Kennung gehört bereits zu einem Datensatz anderer Art.</source>
        <translation>This identifier already belongs to a record of another type.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="500"/>
        <source>Ein Pflichtfeld fehlt.</source>
        <translation>A required field is missing.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="501"/>
        <source>Die Operation ist fehlerhaft aufgebaut.</source>
        <translation>The operation is malformed.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="502"/>
        <source>Diese Operationskennung wurde schon von einem anderen Gerät verwendet.</source>
        <translation>This operation id has already been used by another device.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="505"/>
        <source>Der Datensatz ist auf dem Server nicht vorhanden.</source>
        <translation>The record does not exist on the server.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="508"/>
        <source>Der Datensatz wurde gelöscht; die Änderung wurde nicht übernommen.</source>
        <translation>The record was deleted; the change was not applied.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="511"/>
        <source>Beratungen werden nicht überschrieben; bitte eine Korrektur anlegen.</source>
        <translation>Consultations are not overwritten; please add a correction.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="514"/>
        <source>Eine Klientenakte wird nur über einen Löschauftrag gelöscht (Datenschutz); die Löschung wurde nicht übernommen.</source>
        <translation>A client file is only deleted through an erasure request (data protection); the deletion was not applied.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="518"/>
        <source>Diese Einwilligung öffnet Daten, die Ihre Einheit nicht führt; sie wird von der Einheit erfasst, die die Daten führt.</source>
        <translation>This consent opens data your unit does not keep; it is recorded by the unit that keeps the data.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="522"/>
        <source>Bitte die Nummer des unterschriebenen Einwilligungsformulars angeben.</source>
        <translation>Please give the number of the signed consent form.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="525"/>
        <source>Keine Berechtigung: Dieser Bereich der Akte gehört einer anderen Einheit oder Ihrer Rolle ist das Schreiben nicht erlaubt.</source>
        <translation>Not permitted: this section of the file belongs to another unit, or your role may not write here.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="529"/>
        <source>Die zuständige Person ist nicht im Verzeichnis der MiA; die Wiedervorlage hätte niemandem gehört.</source>
        <translation>The person responsible is not in the MiA directory; the follow-up would have belonged to nobody.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="533"/>
        <source>Die zuständige Person gehört nicht zum angegebenen Sachgebiet.</source>
        <translation>The person responsible does not belong to the given unit.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="536"/>
        <source>Die Sprachmittlerin oder der Sprachmittler ist nicht im Verzeichnis.</source>
        <translation>The language mediator is not in the directory.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="539"/>
        <source>Die Wiedervorlage gehört zu einer Beratung, die nicht übernommen wurde.</source>
        <translation>The follow-up belongs to a consultation that was not accepted.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="542"/>
        <source>Die Verweisung gibt Daten der Person außer Haus; dafür fehlt die Einwilligung.</source>
        <translation>The referral passes the person&apos;s data outside the agency; the consent for it is missing.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="545"/>
        <source>Das Angebot der Verweisung ist im Angebotsverzeichnis nicht bekannt.</source>
        <translation>The referral&apos;s offer is not in the directory of offers.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="548"/>
        <source>Die Wartenummer gehört nicht zum Nummernkreis dieses Geräts; bitte einmal mit dem Server verbinden.</source>
        <translation>The ticket number is not from this device&apos;s number range; please connect to the server once.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="552"/>
        <source>Die Wartemarke war schon in einem anderen Stand; die Änderung passt nicht mehr.</source>
        <translation>The ticket had already moved on; the change no longer fits.</translation>
    </message>
    <message>
        <location filename="../../casefile/sync.py" line="555"/>
        <source>Aufgerufen wird nur über den Server, damit nie zwei Personen dieselbe Wartemarke aufrufen.</source>
        <translation>Tickets are called through the server only, so that two people never call the same ticket.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync/errors.py" line="41"/>
        <source>Die Verbindung zum Server wurde unterbrochen: seine Antwort kam unvollständig an. Bitte später erneut versuchen.</source>
        <translation>The connection to the server was interrupted: its answer arrived incomplete. Please try again later.</translation>
    </message>
</context>
<context>
    <name>validation</name>
    <message>
        <location filename="../../casefile/validation.py" line="55"/>
        <source>Bitte ausfüllen.</source>
        <translation>Please fill in this field.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="56"/>
        <source>Bitte mindestens Familienname oder Vorname angeben.</source>
        <translation>Please enter at least a family name or a given name.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="59"/>
        <source>Zu lang (höchstens {max} Zeichen).</source>
        <translation>Too long (at most {max} characters).</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="60"/>
        <source>Ein Name darf keine Ziffern oder Sonderzeichen wie {chars} enthalten.</source>
        <translation>A name must not contain digits or special characters such as {chars}.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="63"/>
        <source>Das Datum liegt in der Zukunft.</source>
        <translation>The date is in the future.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="64"/>
        <source>Das Datum liegt vor {year}.</source>
        <translation>The date is before {year}.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="65"/>
        <source>Bei genauem Geburtsdatum bitte das Datum angeben.</source>
        <translation>For an exact date of birth, please enter the date.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="68"/>
        <source>Geburtsdatum ist als unbekannt markiert, aber ein Datum ist angegeben.</source>
        <translation>The date of birth is marked as unknown, but a date has been entered.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="71"/>
        <source>Unbekannter Wert „{code}“.</source>
        <translation>Unknown value “{code}”.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="72"/>
        <source>Ungültiger Wert.</source>
        <translation>Invalid value.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="73"/>
        <source>Die AZR-Nummer besteht aus 12 Ziffern.</source>
        <translation>The AZR number consists of 12 digits.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="74"/>
        <source>Telefonnummer: nur Ziffern, Leerzeichen, +, -, / und Klammern.</source>
        <translation>Phone number: only digits, spaces, +, -, / and brackets.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="77"/>
        <source>Diese Kennung ist doppelt eingetragen.</source>
        <translation>This identifier has been entered twice.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="80"/>
        <source>Bitte mindestens ein Thema wählen.</source>
        <translation>Please choose at least one topic.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="81"/>
        <source>Dauer zwischen 1 und 600 Minuten.</source>
        <translation>Duration between 1 and 600 minutes.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="82"/>
        <source>Bei Sprachmittlung bitte die Sprache angeben.</source>
        <translation>With language mediation, please enter the language.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="85"/>
        <source>Das Enddatum liegt vor dem Anfangsdatum.</source>
        <translation>The end date is before the start date.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="86"/>
        <source>Eine Person kann nicht mit sich selbst verknüpft werden.</source>
        <translation>A person cannot be linked to themselves.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="89"/>
        <source>Bitte mindestens eine empfangende Stelle angeben.</source>
        <translation>Please enter at least one receiving body.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="92"/>
        <source>Bitte mindestens eine Datenkategorie wählen.</source>
        <translation>Please choose at least one data category.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="95"/>
        <source>Eine Wartenummer sieht so aus: Buchstabe(n), Bindestrich, drei Ziffern (A-017).</source>
        <translation>A ticket number looks like this: letter(s), hyphen, three digits (A-017).</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="99"/>
        <source>Die Wiedervorlage liegt in der Vergangenheit.</source>
        <translation>The follow-up date is in the past.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="102"/>
        <source>„{name}“ ist keine Person im Verzeichnis der MiA. Bitte aus der Liste wählen.</source>
        <translation>“{name}” is not a person in the MiA directory. Please choose from the list.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="106"/>
        <source>„{name}“ gehört nicht zum Sachgebiet „{unit}“.</source>
        <translation>“{name}” does not belong to the unit “{unit}”.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="109"/>
        <source>„{name}“ ist nicht im Verzeichnis der Sprachmittler:innen. Bitte aus der Liste wählen.</source>
        <translation>“{name}” is not in the directory of language mediators. Please choose from the list.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="113"/>
        <source>Bitte mindestens einen Ort angeben (Ort aus der Liste oder Anschrift).</source>
        <translation>Please enter at least one place (a place from the list or an address).</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="116"/>
        <source>Ort Nr. {n}: bitte einen Ort aus der Liste oder eine Anschrift angeben.</source>
        <translation>Place no. {n}: please enter a place from the list or an address.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="119"/>
        <source>Zeit Nr. {n} lässt sich nicht lesen ({detail}).</source>
        <translation>Time no. {n} cannot be read ({detail}).</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="122"/>
        <source>Zeit Nr. {n}: Uhrzeiten bitte als HH:MM, das Ende nach dem Beginn.</source>
        <translation>Time no. {n}: please give times as HH:MM, the end after the start.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="125"/>
        <source>Keine gültige E-Mail-Adresse.</source>
        <translation>Not a valid e-mail address.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="126"/>
        <source>Eine Webadresse beginnt mit https:// oder http://.</source>
        <translation>A web address starts with https:// or http://.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="129"/>
        <source>Bitte ein Angebot aus dem Verzeichnis wählen.</source>
        <translation>Please choose an offer from the directory.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="132"/>
        <source>Bitte ein Sachgebiet wählen.</source>
        <translation>Please choose a unit.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="133"/>
        <source>Für die Weitergabe an „{recipient}“ fehlt eine Einwilligung der Person.</source>
        <translation>Passing data on to “{recipient}” needs the person&apos;s consent, which is missing.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="136"/>
        <source>Das Angebot ist im Angebotsverzeichnis nicht bekannt.</source>
        <translation>The offer is not in the directory of offers.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="139"/>
        <source>Bitte angeben, warum die Verweisung nicht erfolgreich war.</source>
        <translation>Please say why the referral was not successful.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="142"/>
        <source>Ein Grund gehört nur zu einer nicht erfolgreichen Verweisung.</source>
        <translation>A reason belongs only to an unsuccessful referral.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="145"/>
        <source>Bitte mindestens eine Sprache angeben.</source>
        <translation>Please enter at least one language.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="146"/>
        <source>Minuten zwischen 1 und 1440.</source>
        <translation>Minutes between 1 and 1440.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="147"/>
        <source>Kilometer zwischen 0 und 2000.</source>
        <translation>Kilometres between 0 and 2000.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="148"/>
        <source>Ungültiger Betrag.</source>
        <translation>Invalid amount.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="153"/>
        <source>Der Überprüfungstermin liegt in der Vergangenheit.</source>
        <translation>The review date is in the past.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="156"/>
        <source>Bitte angeben, wer den Schritt erledigt.</source>
        <translation>Please enter who will carry out the step.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="157"/>
        <source>Bitte angeben, bis wann der Schritt erledigt sein soll.</source>
        <translation>Please enter by when the step is to be done.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="160"/>
        <source>Bitte die Mitarbeiterin oder den Mitarbeiter angeben.</source>
        <translation>Please enter the caseworker.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="163"/>
        <source>Bitte mindestens ein Ziel mit einem vereinbarten Schritt angeben.</source>
        <translation>Please enter at least one goal with an agreed step.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="166"/>
        <source>Bitte das Aktenzeichen des unterschriebenen Plans angeben.</source>
        <translation>Please enter the reference of the signed plan.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="749"/>
        <source>Bitte Teilnehmende aus den Akten wählen oder die Zahl der Teilnehmenden ohne Akte angeben.</source>
        <translation>Please choose participants from the client files or enter the number of participants without a file.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="754"/>
        <source>Eine Person steht zweimal in der Teilnehmendenliste.</source>
        <translation>A person is on the list of participants twice.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="757"/>
        <source>Nr. in der Reihe zwischen 1 und der Zahl der Termine (höchstens 52).</source>
        <translation>No. in the series between 1 and the number of sessions (at most 52).</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="760"/>
        <source>Zahl der Teilnehmenden ohne Akte zwischen 0 und 500.</source>
        <translation>Number of participants without a file between 0 and 500.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="763"/>
        <source>Stunden zwischen 0 und der Dauer des Termins ({max} Std.).</source>
        <translation>Hours between 0 and the length of the session ({max} h).</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="766"/>
        <source>Die Teilnahme lässt sich erst ab Beginn des Termins erfassen.</source>
        <translation>Attendance can only be recorded once the session has started.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="769"/>
        <source>Bitte das Sachgebiet des Förderplans angeben: ein Schritt der Person, einer Mitarbeiterin oder eines Angebots gehört dorthin.</source>
        <translation>Please give the support plan&apos;s unit: a step of the person, a member of staff or an offer belongs there.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="774"/>
        <source>Das Thema eines Termins mit erfasster Teilnahme bleibt, wie es war: bitte einen neuen Termin anlegen.</source>
        <translation>The topic of a session whose attendance has been recorded stays as it was: please create a new session.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="779"/>
        <source>Eine teilnehmende Person hat hier keine Akte (mehr): gelöscht oder nicht zugänglich. Bitte aus der Liste nehmen.</source>
        <translation>A participant has no client file here (any more): deleted or not accessible. Please take them off the list.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="861"/>
        <source>Uhrzeiten bitte als HH:MM, das Ende nach dem Beginn.</source>
        <translation>Please give times as HH:MM, the end after the start.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="864"/>
        <source>Bitte Wochentage (oder eine Regel) oder einzelne Termine angeben.</source>
        <translation>Please enter weekdays (or a rule) or single dates.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="867"/>
        <source>Die Regel lässt sich nicht lesen ({detail}).</source>
        <translation>The rule cannot be read ({detail}).</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="870"/>
        <source>Höchstens {max} einzelne Tage.</source>
        <translation>At most {max} single days.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="915"/>
        <source>Bitte den Austrittsgrund angeben (Förderer verlangen ihn).</source>
        <translation>Please give the exit reason (funders require it).</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="918"/>
        <source>Ein Austrittsgrund gehört zu einem Austrittsdatum.</source>
        <translation>An exit reason goes with an exit date.</translation>
    </message>
    <message>
        <location filename="../../casefile/validation.py" line="921"/>
        <source>Das Projekt wird vom Sachgebiet „{unit}“ geführt.</source>
        <translation>The project is run by the unit “{unit}”.</translation>
    </message>
</context>
</TS>
