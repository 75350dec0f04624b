package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
)

// The .NET generator embeds a package icon it downloads (the schema's logoUrl, else a Pulumi logo on
// GitHub). Generation must work offline and give the same bytes every time, so gen-sdk answers that
// download itself, with a plain 64x64 icon drawn here, and refuses any other network access.
type offlineTransport struct{}

func (offlineTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Path, ".png") {
		return nil, fmt.Errorf("gen-sdk generates offline; the generator asked for %s", req.URL)
	}
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": []string{"image/png"}},
		Body:       io.NopCloser(bytes.NewReader(icon())),
		Request:    req,
	}, nil
}

// icon is a 64x64 PNG: a Proton-purple square with a lighter inner square.
func icon() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	outer, inner := color.RGBA{0x5a, 0x3d, 0x99, 0xff}, color.RGBA{0xb9, 0xa6, 0xe6, 0xff}
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			c := outer
			if x >= 20 && x < 44 && y >= 20 && y < 44 {
				c = inner
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // encoding an in-memory RGBA image cannot fail
	}
	return b.Bytes()
}

func init() {
	http.DefaultTransport = offlineTransport{}
}
