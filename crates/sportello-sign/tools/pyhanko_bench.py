#!/usr/bin/env python3
"""Signs one PDF N times with pyHanko's Python API (PAdES B-B, SHA-256) and prints the
milliseconds each document took, so Sportello's batch benchmark can compare its own signer.

Usage (with the venv that has pyHanko):
    python pyhanko_bench.py input.pdf -n 100 --key key.pem --cert cert.pem [--chain ca.pem]
    python pyhanko_bench.py input.pdf -n 100 --pkcs12 firma.p12 --password segreto

Output: one line per document, "<index>\t<milliseconds>", then a summary line
"pyhanko: n=<N> median_ms=<..> p95_ms=<..> mean_ms=<..>". The timed part is what Sportello's
sign_pdf does: read the input bytes, append the signature as an incremental update, return
the signed bytes (nothing is written to disk). Key loading happens once, outside the timing.
"""

import argparse
import io
import statistics
import sys
import time

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers


def load_signer(args):
    if args.pkcs12:
        password = args.password.encode() if args.password is not None else None
        signer = signers.SimpleSigner.load_pkcs12(args.pkcs12, passphrase=password)
    else:
        signer = signers.SimpleSigner.load(
            args.key, args.cert, ca_chain_files=tuple(args.chain or ())
        )
    if signer is None:
        sys.exit("could not load the key and certificate")
    return signer


def sign_once(data, signer, meta):
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf")
    parser.add_argument("-n", type=int, default=50, help="documents to sign")
    parser.add_argument("--key", help="PEM private key (unencrypted)")
    parser.add_argument("--cert", help="PEM signer certificate")
    parser.add_argument("--chain", action="append", help="PEM CA certificate (repeatable)")
    parser.add_argument("--pkcs12", help="PKCS#12 file instead of --key/--cert")
    parser.add_argument("--password", help="PKCS#12 password")
    args = parser.parse_args()
    if not args.pkcs12 and not (args.key and args.cert):
        parser.error("give --pkcs12, or --key and --cert")

    signer = load_signer(args)
    meta = signers.PdfSignatureMetadata(
        field_name="Firma",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    with open(args.pdf, "rb") as f:
        data = f.read()

    sign_once(data, signer, meta)  # warm-up: imports, caches
    times = []
    for i in range(args.n):
        start = time.perf_counter()
        sign_once(data, signer, meta)
        elapsed = (time.perf_counter() - start) * 1000
        times.append(elapsed)
        print(f"{i}\t{elapsed:.2f}")
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(
        f"pyhanko: n={len(times)} median_ms={statistics.median(times):.2f} "
        f"p95_ms={p95:.2f} mean_ms={statistics.mean(times):.2f}"
    )


if __name__ == "__main__":
    main()
