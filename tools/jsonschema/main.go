// jsonschema prints the JSON field types kube-apiserver decodes pods and workloads into
// (src/k8s/json-types.generated.ts), read by reflection from the k8s.io/api Go types: for each
// struct its Go name and JSON fields (embedded inline structs flattened, as encoding/json does),
// for each type how reflect prints it (the `of type ...` of a decode error) and its kind, and the
// types that decode themselves (Quantity, IntOrString, Time, ...). Run by `npm run gen:json-types`
// (scripts/gen-json-types.sh); a unit test checks the committed file matches the pinned version and
// an e2e test regenerates it and compares.
package main

import (
	"encoding"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Types that implement json.Unmarshaler: the decoder hands them their raw bytes.
var special = map[reflect.Type]string{
	reflect.TypeOf(resource.Quantity{}):    "quantity",
	reflect.TypeOf(metav1.Time{}):          "time",
	reflect.TypeOf(metav1.MicroTime{}):     "time",
	reflect.TypeOf(metav1.Duration{}):      "duration",
	reflect.TypeOf(intstr.IntOrString{}):   "intorstring",
	reflect.TypeOf(runtime.RawExtension{}): "raw",
	reflect.TypeOf(metav1.FieldsV1{}):      "raw",
}

var (
	unmarshalerType     = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
	textUnmarshalerType = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
)

type typeInfo struct {
	display string
	kind    string
	detail  string
}

var (
	types   = map[string]typeInfo{}
	structs = map[string][][2]string{}
)

func pkgName(t reflect.Type) string {
	p := t.PkgPath()
	for _, prefix := range []string{"k8s.io/api/", "k8s.io/apimachinery/pkg/apis/", "k8s.io/apimachinery/pkg/"} {
		p = strings.TrimPrefix(p, prefix)
	}
	return p + "." + t.Name()
}

func scalar(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "bool"
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		return "int" + fmt.Sprint(bits(k))
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		return "uint" + fmt.Sprint(bits(k))
	case reflect.Float32:
		return "float32"
	case reflect.Float64:
		return "float64"
	}
	return ""
}

func bits(k reflect.Kind) int {
	switch k {
	case reflect.Int8, reflect.Uint8:
		return 8
	case reflect.Int16, reflect.Uint16:
		return 16
	case reflect.Int32, reflect.Uint32:
		return 32
	}
	return 64
}

// key names t in the schema (and records it), pointers stripped as the decoder strips them.
func key(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var k string
	var info typeInfo
	if s, ok := special[t]; ok {
		k, info = pkgName(t), typeInfo{t.String(), s, ""}
	} else {
		if t.Name() != "" && t.PkgPath() != "" && (reflect.PointerTo(t).Implements(unmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType)) {
			panic(fmt.Sprintf("%s decodes itself: add it to special", t))
		}
		switch {
		case scalar(t.Kind()) != "":
			k, info = t.String(), typeInfo{t.String(), scalar(t.Kind()), ""}
			if t.PkgPath() != "" {
				k = pkgName(t)
			}
		case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
			k, info = "[]byte", typeInfo{t.String(), "bytes", ""}
		case t.Kind() == reflect.Slice:
			e := key(t.Elem())
			k, info = "[]"+e, typeInfo{t.String(), "slice", e}
			if t.Name() != "" {
				k = pkgName(t)
			}
		case t.Kind() == reflect.Map:
			if t.Key().Kind() != reflect.String {
				panic(fmt.Sprintf("%s: map key %s", t, t.Key()))
			}
			e := key(t.Elem())
			k, info = "map[string]"+e, typeInfo{t.String(), "map", e}
			if t.Name() != "" {
				k = pkgName(t)
			}
		case t.Kind() == reflect.Struct:
			k, info = pkgName(t), typeInfo{t.String(), "struct", t.Name()}
			if _, seen := types[k]; !seen {
				types[k] = info
				structs[k] = fields(t)
			}
		default:
			panic(fmt.Sprintf("unsupported type %s", t))
		}
	}
	types[k] = info
	return k
}

// fields lists a struct's JSON fields as encoding/json sees them: inline embedded structs flattened.
func fields(t reflect.Type) [][2]string {
	var out [][2]string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" {
			continue
		}
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			out = append(out, fields(ft)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, [2]string{name, key(f.Type)})
	}
	return out
}

func main() {
	version := os.Args[1]
	roots := map[string]any{
		"v1/Pod":                   corev1.Pod{},
		"v1/PodTemplate":           corev1.PodTemplate{},
		"v1/ReplicationController": corev1.ReplicationController{},
		"apps/v1/Deployment":       appsv1.Deployment{},
		"apps/v1/ReplicaSet":       appsv1.ReplicaSet{},
		"apps/v1/StatefulSet":      appsv1.StatefulSet{},
		"apps/v1/DaemonSet":        appsv1.DaemonSet{},
		"batch/v1/Job":             batchv1.Job{},
		"batch/v1/CronJob":         batchv1.CronJob{},
	}
	rootKeys := map[string]string{}
	for name, v := range roots {
		rootKeys[name] = key(reflect.TypeOf(v))
	}
	fmt.Printf("// Generated by tools/jsonschema from %s (npm run gen:json-types). Do not edit.\n", version)
	fmt.Printf("// TYPES: key -> [the type as Go prints it, kind, detail]; kind is a scalar (string, bool, int32, ...),\n")
	fmt.Printf("// bytes, struct (detail: its Go name), slice or map (detail: the element's key), or a type that decodes\n")
	fmt.Printf("// itself (quantity, intorstring, time, duration, raw). STRUCTS: key -> its JSON fields [name, type key].\n")
	fmt.Printf("export const JSON_TYPES_VERSION = %q;\n\n", version)
	fmt.Printf("export const ROOTS: Record<string, string> = {\n")
	for _, n := range sorted(rootKeys) {
		fmt.Printf("  %q: %q,\n", n, rootKeys[n])
	}
	fmt.Printf("};\n\n")
	fmt.Printf("export const TYPES: Record<string, readonly [string, string, string]> = {\n")
	for _, k := range sorted(types) {
		t := types[k]
		fmt.Printf("  %q: [%q, %q, %q],\n", k, t.display, t.kind, t.detail)
	}
	fmt.Printf("};\n\n")
	fmt.Printf("export const STRUCTS: Record<string, ReadonlyArray<readonly [string, string]>> = {\n")
	for _, k := range sorted(structs) {
		fmt.Printf("  %q: [\n", k)
		for _, f := range structs[k] {
			fmt.Printf("    [%q, %q],\n", f[0], f[1])
		}
		fmt.Printf("  ],\n")
	}
	fmt.Printf("};\n")
}

func sorted[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
