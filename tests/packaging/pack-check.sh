#!/usr/bin/env bash
# Packaging test for SecureRoutes.Analyzers.
#
#   tests/packaging/pack-check.sh
#
# 1. `dotnet pack` src/SecureRoutes.Analyzers.Package into a temporary folder feed, with a unique version.
# 2. Check the .nupkg layout (analyzer + code-fix dlls, build/ props, targets and presets, README) and the presets.
# 3. Create a throwaway `dotnet new web` project (net10.0) outside the repository, with its own nuget.config
#    (the folder feed + nuget.org) and its own empty packages folder, so no cached copy of the package is used.
#    It references SecureRoutes.Analyzers from the feed and has a minimal-API endpoint that SR1001 reports.
# 4. Build it: an SR warning must appear and the build must pass.
# 5. Build it with -p:SecureRoutesGate=true: the build must fail with an SR error, and the SARIF 2.1 log
#    asked for with -p:ErrorLog=...%2Cversion=2.1 must hold the SR result.
#
# Prints one PASS/FAIL line per check and a last line "pack-check: N passed, N failed"; exits 1 on any failure.
# Set PACK_CHECK_KEEP=1 to keep the temporary folder (its path is printed) for inspection.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PKG_PROJECT="$ROOT/src/SecureRoutes.Analyzers.Package/SecureRoutes.Analyzers.Package.csproj"
PROPS="$ROOT/src/SecureRoutes.Analyzers.Package/build/SecureRoutes.Analyzers.props"
PRESETS="$ROOT/src/SecureRoutes.Analyzers.Package/build/presets"
EF_VERSION="10.0.15"   # Microsoft.EntityFrameworkCore.InMemory, as in Directory.Packages.props

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sr-pack-check.XXXXXX")"
FEED="$WORK/feed"
PACKAGES="$WORK/packages"
APP="$WORK/app"
VERSION="0.0.0-packcheck.$(date +%Y%m%d%H%M%S).$$"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export NUGET_PACKAGES="$PACKAGES"

passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
show_log() { echo "----- last lines of $1 -----"; tail -n "${2:-25}" "$1" | sed 's/^/    /'; echo "-----"; }

finish() {
  local rc=$?
  if [[ "${PACK_CHECK_KEEP:-0}" == "1" ]]; then echo "pack-check: kept $WORK"; else rm -rf "$WORK"; fi
  echo "pack-check: $passed passed, $failed failed"
  if [[ $rc -ne 0 && $failed -eq 0 ]]; then echo "FAIL: pack-check stopped unexpectedly (exit $rc)"; exit "$rc"; fi
  [[ $failed -eq 0 ]] || exit 1
}
trap finish EXIT

list_zip() { # prints the entries of a zip, one per line
  if command -v unzip >/dev/null 2>&1; then unzip -Z1 "$1"; else python3 -c 'import sys,zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"; fi
}
zip_cat() { # prints one entry of a zip
  if command -v unzip >/dev/null 2>&1; then unzip -p "$1" "$2"; else python3 -c 'import sys,zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode("utf-8-sig"))' "$1" "$2"; fi
}

echo "pack-check: working in $WORK (package version $VERSION)"

# ---------------------------------------------------------------------------------------------------------------
# 1. Pack
# ---------------------------------------------------------------------------------------------------------------
if dotnet pack "$PKG_PROJECT" -c Release -o "$FEED" -p:PackageVersion="$VERSION" -nologo >"$WORK/pack.log" 2>&1; then
  pass "dotnet pack produced a package"
else
  fail "dotnet pack failed"; show_log "$WORK/pack.log"; exit 1
fi
NUPKG="$FEED/SecureRoutes.Analyzers.$VERSION.nupkg"
if [[ ! -f "$NUPKG" ]]; then fail "expected $NUPKG (PackageId must be SecureRoutes.Analyzers)"; ls -l "$FEED"; exit 1; fi

# ---------------------------------------------------------------------------------------------------------------
# 2. Layout, nuspec and presets
# ---------------------------------------------------------------------------------------------------------------
ENTRIES="$(list_zip "$NUPKG")"
for entry in analyzers/dotnet/cs/SecureRoutes.Analyzers.dll \
             analyzers/dotnet/cs/SecureRoutes.Analyzers.CodeFixes.dll \
             build/SecureRoutes.Analyzers.props \
             build/SecureRoutes.Analyzers.targets \
             build/presets/SecureRoutes.Recommended.globalconfig \
             build/presets/SecureRoutes.Recommended.Gate.globalconfig \
             build/presets/SecureRoutes.Strict.globalconfig \
             build/presets/SecureRoutes.Strict.Gate.globalconfig \
             build/presets/SecureRoutes.None.globalconfig \
             README.md; do
  if grep -qxF "$entry" <<<"$ENTRIES"; then pass "nupkg contains $entry"; else fail "nupkg lacks $entry"; fi
done
if grep -qE '^lib/' <<<"$ENTRIES"; then fail "nupkg has a lib/ folder (IncludeBuildOutput must be false)"; else pass "nupkg has no lib/ folder"; fi

NUSPEC="$(zip_cat "$NUPKG" SecureRoutes.Analyzers.nuspec)"
if grep -q '<developmentDependency>true</developmentDependency>' <<<"$NUSPEC"; then pass "nuspec: developmentDependency"; else fail "nuspec lacks <developmentDependency>true"; fi
if grep -q '<dependencies' <<<"$NUSPEC"; then fail "nuspec declares dependencies (SuppressDependenciesWhenPacking must be true)"; else pass "nuspec: no dependencies"; fi
if grep -q '<readme>README.md</readme>' <<<"$NUSPEC"; then pass "nuspec: README.md is the package readme"; else fail "nuspec lacks <readme>README.md</readme>"; fi

# Every preset sets exactly the ids of SecureRoutesRuleIds; gate presets have no warnings left.
RULE_IDS="$(sed -n 's:.*<SecureRoutesRuleIds>\(.*\)</SecureRoutesRuleIds>.*:\1:p' "$PROPS" | tr ';' '\n' | sort)"
if [[ -z "$RULE_IDS" ]]; then fail "no <SecureRoutesRuleIds> in $PROPS"; fi
for preset in "$PRESETS"/*.globalconfig; do
  name="$(basename "$preset")"
  ids="$(sed -n 's/^dotnet_diagnostic\.\(SR[0-9]\{4\}\)\.severity *=.*/\1/p' "$preset" | sort)"
  if [[ "$ids" == "$RULE_IDS" ]]; then pass "$name sets exactly SecureRoutesRuleIds"
  else fail "$name ids ($(echo $ids)) differ from SecureRoutesRuleIds ($(echo $RULE_IDS))"; fi
  if [[ "$name" == *.Gate.globalconfig ]] && grep -qE '^dotnet_diagnostic\..*= *warning' "$preset"; then
    fail "$name still has a warning (a gate preset must raise warnings to error)"
  fi
done

# ---------------------------------------------------------------------------------------------------------------
# 3. Throwaway consumer project, isolated from the repository's Directory.*.props and from cached packages
# ---------------------------------------------------------------------------------------------------------------
mkdir -p "$APP" "$PACKAGES"
# Stop MSBuild's upward search for Directory.Build.* / Directory.Packages.props and .editorconfig files.
cat >"$WORK/Directory.Build.props" <<'EOF'
<Project />
EOF
cp "$WORK/Directory.Build.props" "$WORK/Directory.Build.targets"
cat >"$WORK/Directory.Packages.props" <<'EOF'
<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>
EOF
printf 'root = true\n' >"$WORK/.editorconfig"
cat >"$WORK/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$PACKAGES" />
  </config>
  <packageSources>
    <clear />
    <add key="secureroutes-local" value="$FEED" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
</configuration>
EOF

if dotnet new web -o "$APP" -n PackCheckApp --framework net10.0 --no-restore >"$WORK/new.log" 2>&1; then
  pass "dotnet new web (net10.0)"
else
  fail "dotnet new web failed"; show_log "$WORK/new.log"; exit 1
fi

cat >"$APP/PackCheckApp.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <NuGetAudit>false</NuGetAudit>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SecureRoutes.Analyzers" Version="$VERSION" PrivateAssets="all" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.InMemory" Version="$EF_VERSION" />
  </ItemGroup>
</Project>
EOF

# An owned resource (OrganizationId) selected by a client-supplied id, with no policy check: SR1001.
cat >"$APP/Program.cs" <<'EOF'
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddDbContext<Db>(o => o.UseInMemoryDatabase("invites"));
var app = builder.Build();

app.MapGet("/invites/{inviteId}", (Guid inviteId, Db db) => db.Invites.Find(inviteId));

app.Run();

public sealed class Invite
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string Token { get; set; } = "";
}

public sealed class Db(DbContextOptions<Db> options) : DbContext(options)
{
    public DbSet<Invite> Invites => Set<Invite>();
}
EOF

if (cd "$APP" && dotnet restore >"$WORK/restore.log" 2>&1); then
  pass "restore of the throwaway project from the folder feed"
else
  fail "restore failed"; show_log "$WORK/restore.log"; exit 1
fi
if [[ -d "$PACKAGES/secureroutes.analyzers/$VERSION" ]]; then
  pass "SecureRoutes.Analyzers $VERSION came from the folder feed into the isolated packages folder"
else
  fail "SecureRoutes.Analyzers $VERSION not in $PACKAGES"
fi

# The build/ files are imported: properties visible to MSBuild, the gate selects the gate preset.
props_json="$(cd "$APP" && dotnet msbuild -nologo -getProperty:SecureRoutesRuleIds -getProperty:SecureRoutesMode \
  -getProperty:_SecureRoutesPreset -p:SecureRoutesGate=true 2>&1 || true)"
if grep -q '"SecureRoutesRuleIds": "SR1001;' <<<"$props_json" && grep -q '"SecureRoutesMode": "Recommended"' <<<"$props_json"; then
  pass "build/SecureRoutes.Analyzers.props is imported (SecureRoutesRuleIds, SecureRoutesMode=Recommended)"
else
  fail "build/SecureRoutes.Analyzers.props is not imported"; echo "$props_json" | sed 's/^/    /'
fi
if grep -q 'SecureRoutes.Recommended.Gate.globalconfig' <<<"$props_json"; then
  pass "build/SecureRoutes.Analyzers.targets is imported (SecureRoutesGate=true selects the Recommended gate preset)"
else
  fail "build/SecureRoutes.Analyzers.targets is not imported or does not select the gate preset"; echo "$props_json" | sed 's/^/    /'
fi

# The compiler gets both assemblies from the isolated packages folder.
analyzers_json="$(cd "$APP" && dotnet msbuild -nologo -t:ResolveLockFileAnalyzers -getItem:Analyzer 2>&1 || true)"
for dll in SecureRoutes.Analyzers.dll SecureRoutes.Analyzers.CodeFixes.dll; do
  if grep -qF "\"Identity\": \"$PACKAGES/secureroutes.analyzers/$VERSION/analyzers/dotnet/cs/$dll\"" <<<"$analyzers_json"; then
    pass "Analyzer item $dll resolved from the package"
  else
    fail "Analyzer item $dll not resolved from $PACKAGES"
  fi
done

# ---------------------------------------------------------------------------------------------------------------
# 4. Plain build: an SR warning, and no failure
# ---------------------------------------------------------------------------------------------------------------
set +e
(cd "$APP" && dotnet build --no-restore -nologo -clp:NoSummary >"$WORK/build.log" 2>&1)
rc=$?
set -e
if [[ $rc -eq 0 ]]; then pass "plain build succeeds"; else fail "plain build failed (exit $rc)"; show_log "$WORK/build.log"; fi
if grep -qE 'warning SR[0-9]{4}' "$WORK/build.log"; then
  pass "plain build reports an SR warning: $(grep -oE 'warning SR[0-9]{4}: [^[]*' "$WORK/build.log" | head -1)"
else
  fail "plain build reports no 'warning SRnnnn' - the analyzer did not load from the package, or no rule fires on /invites/{inviteId} (SR1001 not implemented yet?)"
  grep -E 'warning|error' "$WORK/build.log" | sed 's/^/    /' | head -20 || true
fi
if grep -qE 'warning (CS8032|AD0001)' "$WORK/build.log"; then
  fail "an analyzer failed to load or threw: $(grep -oE 'warning (CS8032|AD0001)[^[]*' "$WORK/build.log" | head -1)"
fi

# ---------------------------------------------------------------------------------------------------------------
# 5. Gate: the build fails with an SR error, and the SARIF 2.1 log holds it
# ---------------------------------------------------------------------------------------------------------------
# No --no-incremental on purpose: switching SecureRoutesGate must recompile by itself (settings stamp in the targets).
SARIF="$WORK/sr.sarif"
set +e
(cd "$APP" && dotnet build --no-restore -nologo -clp:NoSummary -p:SecureRoutesGate=true "-p:ErrorLog=$SARIF%2Cversion=2.1" >"$WORK/gate.log" 2>&1)
rc=$?
set -e
if [[ $rc -ne 0 ]]; then pass "gated build fails (exit $rc)"; else fail "gated build succeeded: SecureRoutesGate=true did not turn the SR warning into an error"; fi
if grep -qE 'error SR[0-9]{4}' "$WORK/gate.log"; then
  pass "gated build reports an SR error: $(grep -oE 'error SR[0-9]{4}: [^[]*' "$WORK/gate.log" | head -1)"
else
  fail "gated build reports no 'error SRnnnn'"; grep -E 'warning|error' "$WORK/gate.log" | sed 's/^/    /' | head -20 || true
fi
if [[ -f "$SARIF" ]] && grep -q '"version": "2.1.0"' "$SARIF" && grep -qE '"ruleId": "SR[0-9]{4}"' "$SARIF"; then
  pass "SARIF 2.1.0 log written with the SR result ($SARIF)"
else
  fail "no SARIF 2.1.0 log with an SR result at $SARIF"
fi
