// istio-render renders Istio's Helm charts of this module's istio.io/istio with Istio's own renderer (the one behind
// `istioctl manifest generate`) and prints the selected objects as a YAML stream.
//
//	istio-render --set profile=default --kind ConfigMap --name istio,istio-sidecar-injector
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"istio.io/istio/operator/pkg/render"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var sets list
	flag.Var(&sets, "set", "an IstioOperator path=value as for istioctl --set (repeatable), e.g. profile=default")
	kind := flag.String("kind", "", "print only objects of this kind")
	names := flag.String("name", "", "print only objects with one of these comma-separated names")
	flag.Parse()

	sets2 := append([]string{}, sets...)
	manifestSets, _, err := render.GenerateManifest(nil, sets2, false, nil, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "istio-render:", err)
		os.Exit(1)
	}
	wanted := map[string]bool{}
	for _, n := range strings.Split(*names, ",") {
		if n != "" {
			wanted[n] = true
		}
	}
	var out []string
	for _, set := range manifestSets {
		for _, m := range set.Manifests {
			if *kind != "" && m.GetKind() != *kind {
				continue
			}
			if len(wanted) > 0 && !wanted[m.GetName()] {
				continue
			}
			out = append(out, strings.TrimSpace(m.Content))
		}
	}
	if len(out) == 0 {
		fmt.Fprintln(os.Stderr, "istio-render: no object matches")
		os.Exit(1)
	}
	sort.Strings(out) // the component sets come from a map: keep the output stable
	fmt.Println(strings.Join(out, "\n---\n"))
}
