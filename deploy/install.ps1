# Installs (or upgrades in place) PolicySearch from an unpacked win-x64 bundle as a Windows service: programs in
# C:\Program Files\PolicySearch, documents, index and audit files in C:\ProgramData\PolicySearch, logs to the
# Windows event log. Run from the unpacked policysearch\ folder in an elevated PowerShell: .\install.ps1
#Requires -RunAsAdministrator
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$prefix = Join-Path $env:ProgramFiles 'PolicySearch'
$data = Join-Path $env:ProgramData 'PolicySearch'
$name = 'PolicySearch'

foreach ($folder in @($prefix, "$data\documents", "$data\index", "$data\audit")) { New-Item -ItemType Directory -Force -Path $folder | Out-Null }
$existing = Get-Service -Name $name -ErrorAction SilentlyContinue
if ($existing) { Stop-Service -Name $name -Force -ErrorAction SilentlyContinue }
# Upgrade in place: the programs are replaced; an edited appsettings.json and the data are kept.
if (Test-Path "$prefix\app") { Remove-Item -Recurse -Force "$prefix\app" }
Copy-Item -Recurse -Force "$here\app", "$here\policysearch-server.cmd", "$here\policysearch.cmd", "$here\.policysearch-bundle" $prefix
if (-not (Test-Path "$prefix\appsettings.json")) { Copy-Item "$here\appsettings.json" "$prefix\appsettings.json" }

$binary = "`"$prefix\app\PolicySearch.Api.exe`""
if (-not $existing) {
  New-Service -Name $name -BinaryPathName $binary -DisplayName 'PolicySearch' -StartupType Automatic `
    -Description "Search and question answering over the bureau's policy documents" | Out-Null
  # Restart after a failure, as the systemd unit does.
  sc.exe failure $name reset= 86400 actions= restart/5000/restart/5000/restart/5000 | Out-Null
}
# The service's own settings: where the documents, the index and the audit files are.
$environment = @("Paths__Seeds=$data\documents", "Paths__Index=$data\index", "Security__Audit__Folder=$data\audit")
Set-ItemProperty -Path "HKLM:\SYSTEM\CurrentControlSet\Services\$name" -Name Environment -Type MultiString -Value $environment
Start-Service -Name $name
Write-Host "install: PolicySearch runs as the Windows service '$name'; put documents in $data\documents"
Write-Host "install: the page is at the address set by Urls in $prefix\appsettings.json (default http://0.0.0.0:5000); allow it in Windows Firewall"
