// hello-cgo is Gantry's built-in sample: a small Go program that calls
// into C, so releasing it for another OS or architecture needs a C
// compiler for that target. It prints its version (set at build time
// with -ldflags "-X main.version=1.2.3"), the platform it was built
// for, and the C library it runs on.
package main

/*
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif

static char *hello_libc(void) {
	char buf[64];
#if defined(_WIN32)
	snprintf(buf, sizeof buf, "%s", "msvcrt (Windows C runtime)");
#elif defined(__GLIBC__)
	snprintf(buf, sizeof buf, "glibc %s", gnu_get_libc_version());
#elif defined(__APPLE__)
	snprintf(buf, sizeof buf, "%s", "libSystem (macOS)");
#elif defined(__linux__)
	// musl defines no version macro on purpose; a Linux libc that is
	// not glibc is musl in practice.
	snprintf(buf, sizeof buf, "%s", "musl");
#else
	snprintf(buf, sizeof buf, "%s", "unknown");
#endif
	return strdup(buf);
}

static int hello_add(int a, int b) { return a + b; }
*/
import "C"

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"unsafe"
)

// version is replaced at release time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

func libc() string {
	p := C.hello_libc()
	defer C.free(unsafe.Pointer(p))
	return C.GoString(p)
}

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()

	if *showVersion {
		fmt.Printf("hello-cgo %s\n", version)
		return
	}

	fmt.Printf("hello-cgo %s\n", version)
	fmt.Printf("platform: %s/%s\n", runtime.GOOS, runtime.GOARCH)
	fmt.Printf("libc: %s\n", libc())
	fmt.Printf("C says 2 + 3 = %d\n", int(C.hello_add(2, 3)))
	if len(flag.Args()) > 0 {
		fmt.Fprintf(os.Stderr, "unexpected arguments: %v\n", flag.Args())
		os.Exit(2)
	}
}
