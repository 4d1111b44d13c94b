; NSIS include for the Windows installer (electron-builder.yml nsis.include).
; Phones must reach ProvKit's servers (HTTP 80, FTP 21 + passive 30000-30100, TFTP 69, DHCP 67,
; syslog 514, or the high ports the technician picks), so the installer adds one inbound
; Windows Defender Firewall rule for ProvKit.exe (any port: the ports are configurable) and
; the uninstaller removes it. profile=any: bench networks are often classified "Public";
; the servers still bind only to the interface the technician picks (loopback by default). `netsh advfirewall firewall` needs an elevated installer: the
; NSIS target is perMachine. Docs: https://www.electron.build/nsis#custom-nsis-script and
; https://learn.microsoft.com/windows-server/networking/technologies/netsh/netsh-advfirewall

!macro customInstall
  ; Remove a rule left by an earlier install first, so reinstalling never duplicates it.
  nsExec::Exec 'netsh advfirewall firewall delete rule name="ProvKit provisioning servers"'
  nsExec::ExecToLog 'netsh advfirewall firewall add rule name="ProvKit provisioning servers" dir=in action=allow program="$INSTDIR\${APP_EXECUTABLE_FILENAME}" enable=yes profile=any description="HTTP, FTP, TFTP, DHCP and syslog servers ProvKit runs for desk phones"'
!macroend

!macro customUnInstall
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="ProvKit provisioning servers"'
!macroend
