import Foundation
import SquallPackManager
import XCTest

/// pack.yaml `dependencies`: resolved recursively before anything is installed.
final class DependencyTests: PackInstallerTestCase {
    /// gamma (v1.0.0, v2.0.0), beta -> gamma=v1.0.0, alpha -> beta.
    func makeChain(alphaAlsoWantsGamma: String? = nil) throws -> (alpha: String, beta: String, gamma: String) {
        let gamma = try fixtures.workingRepository("gamma-src")
        try gamma.commitPack("gamma", version: "1.0.0"); try gamma.tag("v1.0.0")
        try gamma.commitPack("gamma", version: "2.0.0"); try gamma.tag("v2.0.0")
        let gammaURL = try gamma.serve(as: "gamma")
        let beta = try fixtures.workingRepository("beta-src")
        try beta.commitPack("beta", version: "1.0.0", dependencies: [gammaURL + "=v1.0.0"]); try beta.tag("v1.0.0")
        let betaURL = try beta.serve(as: "beta")
        let alpha = try fixtures.workingRepository("alpha-src")
        var dependencies = [betaURL]
        if let wanted = alphaAlsoWantsGamma { dependencies.append(gammaURL + "=" + wanted) }
        try alpha.commitPack("alpha", version: "1.0.0", dependencies: dependencies); try alpha.tag("v1.0.0")
        return (try alpha.serve(as: "alpha"), betaURL, gammaURL)
    }

    func testAChainIsInstalledDependenciesFirst() throws {
        let chain = try makeChain()
        let records = try install(chain.alpha)
        XCTAssertEqual(records.map(\.pack), ["gamma", "beta", "alpha"])
        XCTAssertEqual(installedPacks(), ["alpha", "beta", "gamma"])
        XCTAssertEqual(installedVersion("gamma"), "1.0.0", "beta asked for gamma=v1.0.0")
        XCTAssertEqual(record("gamma")?.requestedRevision, "v1.0.0")
        XCTAssertEqual(record("beta")?.source, chain.beta)
        for ref in ["alpha", "beta", "gamma"] {
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: layout.virtualenvsDirectory + "/\(ref)/bin/python"), ref)
        }
    }

    func testSkipDependenciesInstallsOnlyWhatWasAsked() throws {
        let chain = try makeChain()
        let records = try install(chain.alpha, skipDependencies: true)
        XCTAssertEqual(records.map(\.pack), ["alpha"])
        XCTAssertEqual(installedPacks(), ["alpha"])
    }

    func testTheSameVersionWantedTwiceIsNoConflict() throws {
        let chain = try makeChain(alphaAlsoWantsGamma: "1.0.0")
        let records = try install(chain.alpha)
        XCTAssertEqual(Set(records.map(\.pack)), ["alpha", "beta", "gamma"])
    }

    func testAVersionConflictIsReportedBeforeAnythingIsInstalled() throws {
        let chain = try makeChain(alphaAlsoWantsGamma: "v2.0.0")
        let error = try XCTUnwrap(installFailure(chain.alpha))
        XCTAssertEqual(error.step, .dependencies)
        XCTAssertTrue(error.description.contains("conflict: pack 'gamma'"), error.description)
        XCTAssertTrue(error.description.contains("version 1.0.0") && error.description.contains("version 2.0.0"), error.description)
        XCTAssertEqual(installedPacks(), [], "nothing was installed")
        XCTAssertEqual(stagingEntries(), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: layout.recordsDirectory + "/alpha.json"))
    }

    func testAConflictBetweenTwoAskedForRefs() throws {
        let chain = try makeChain()
        let error = try XCTUnwrap(installFailure(chain.gamma + "=v1.0.0", chain.gamma + "=v2.0.0"))
        XCTAssertEqual(error.step, .dependencies)
        XCTAssertEqual(installedPacks(), [])
    }

    func testADependencyByNameNeedsAnIndex() throws {
        let repository = try fixtures.workingRepository("needy-src")
        try repository.commitPack("needy", version: "1.0.0", dependencies: ["someindexpack=1.0.0"])
        let error = try XCTUnwrap(installFailure(try repository.serve(as: "needy")))
        XCTAssertEqual(error.step, .dependencies)
        XCTAssertTrue(error.description.contains("someindexpack") && error.description.contains("no index is configured"), error.description)
        XCTAssertEqual(installedPacks(), [])
    }

    func testACycleIsInstalledOnce() throws {
        let served = "file://" + fixtures.root + "/served/"
        let alpha = try fixtures.workingRepository("alpha-src")
        try alpha.commitPack("alpha", version: "1.0.0", dependencies: [served + "beta.git"])
        let beta = try fixtures.workingRepository("beta-src")
        try beta.commitPack("beta", version: "1.0.0", dependencies: [served + "alpha.git"])
        let alphaURL = try alpha.serve(as: "alpha")
        _ = try beta.serve(as: "beta")
        let records = try install(alphaURL)
        XCTAssertEqual(records.map(\.pack), ["beta", "alpha"])
    }

    func testADeepChainIsRefused() throws {
        // eleven packs, each depending on the next: deeper than the limit of 10.
        var next: String?
        for index in (0...11).reversed() {
            let repository = try fixtures.workingRepository("deep\(index)-src")
            try repository.commitPack("deep\(index)", version: "1.0.0", dependencies: next.map { [$0] } ?? [])
            next = try repository.serve(as: "deep\(index)")
        }
        let error = try XCTUnwrap(installFailure(next!))
        XCTAssertEqual(error.step, .dependencies)
        XCTAssertTrue(error.description.contains("deeper than 10"), error.description)
        XCTAssertEqual(installedPacks(), [])
    }
}
