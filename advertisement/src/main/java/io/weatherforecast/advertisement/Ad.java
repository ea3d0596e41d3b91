package io.weatherforecast.advertisement;

import java.net.URI;

import io.weatherforecast.service.api.LocalizedText;

public record Ad(String id, LocalizedText title, LocalizedText text, URI link) {
}
