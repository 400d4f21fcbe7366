'use strict';
// The part of semver that app.json's `requiredApiVersion` uses. Rocket.Chat installs an app when
// `semver.satisfies(<its engine version>, requiredApiVersion)`; the manifest is written as a caret
// range (`^1.62.0`: at least 1.62.0, below 2.0.0) or an exact version.
// Rocket.Chat: packages/apps-engine/src/server/compiler/AppPackageParser.ts (semver.satisfies)

function parse(version) {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    if (!match) {
        throw new Error(`not a plain version: ${version}`);
    }
    return match.slice(1, 4).map(Number);
}

function compare(a, b) {
    const [x, y] = [parse(a), parse(b)];
    for (let i = 0; i < 3; i++) {
        if (x[i] !== y[i]) {
            return x[i] - y[i];
        }
    }
    return 0;
}

/** The oldest engine version the range admits. */
function lowerBound(range) {
    return String(range).replace(/^[\^=]/, '');
}

function satisfies(version, range) {
    const bound = lowerBound(range);
    if (!String(range).startsWith('^')) {
        return compare(version, bound) === 0;
    }
    const [major, minor] = parse(bound);
    const [vMajor, vMinor] = parse(version);
    // Caret: same major; below 1.0.0 the minor is fixed too.
    const sameLine = major > 0 ? vMajor === major : vMajor === 0 && vMinor === minor;
    return sameLine && compare(version, bound) >= 0;
}

function admittedRuntimes(range, versions) {
    return versions.filter((version) => satisfies(version, range)).sort(compare);
}

module.exports = { admittedRuntimes, compare, lowerBound, satisfies };
