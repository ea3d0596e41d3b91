package io.weatherforecast.advertisement;

import io.weatherforecast.service.identity.ServiceIdentity;

public record AdResponse(Ad ad, ServiceIdentity servedBy) {
}
