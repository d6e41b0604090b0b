// Found by the adversarial review: wrap imports two packages in directories named foo, the
// first declaring package notfoo; *foo.Keeper is b/foo's, whose Fill keeps its slice. The
// previous build resolved foo to a/foo, pooled the buffer and printed xyz twice.
package main

import (
	"fmt"
	"io"
	"strings"

	"example.com/callee-import-name/wrap"
)

var keepers []interface{ Last() string }

func use(r io.Reader) {
	buf := make([]byte, 8) // want skip:"passed-to-unknown"
	n, _ := r.Read(buf)
	g := wrap.New()
	g.Fill(buf[:n])
	keepers = append(keepers, g)
}

func main() {
	use(strings.NewReader("abc"))
	use(strings.NewReader("xyz"))
	for _, k := range keepers {
		fmt.Println(k.Last())
	}
}
